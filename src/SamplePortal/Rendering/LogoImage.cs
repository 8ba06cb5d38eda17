namespace Monitor.SamplePortal.Rendering;

/// <summary>The 党政机关 logo of the footer: a fixed 16×16 red PNG (a stand-in, not the real CONAC image).</summary>
internal static class LogoImage
{
    public const string ContentType = "image/png";

    private const string Base64 =
        "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR42mM4w8BAEmIY1TCqYfhqAABBZ8wBpACLEwAAAABJRU5ErkJggg==";

    public static byte[] Create() => Convert.FromBase64String(Base64);
}
