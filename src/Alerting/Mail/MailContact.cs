namespace Monitor.Alerting.Mail;

/// <summary>A person or mailbox that sends or receives warning mails.</summary>
/// <param name="DisplayName">Name shown in the mail client, usually Chinese (e.g. 市教育局政务公开联络员); may be empty.</param>
/// <param name="Address">The e-mail address (local@domain).</param>
public sealed record MailContact(string DisplayName, string Address)
{
    /// <summary>Name shown in the mail client; never null.</summary>
    public string DisplayName { get; init; } = DisplayName ?? string.Empty;

    /// <summary>The e-mail address; must be local@domain without spaces.</summary>
    public string Address { get; init; } = IsPlausibleAddress(Address)
        ? Address
        : throw new ArgumentException($"Not an e-mail address: '{Address}'.", nameof(Address));

    private static bool IsPlausibleAddress(string? address)
    {
        if (string.IsNullOrEmpty(address) || address.Any(char.IsWhiteSpace))
        {
            return false;
        }

        var at = address.LastIndexOf('@');
        return at > 0 && at < address.Length - 1;
    }
}
