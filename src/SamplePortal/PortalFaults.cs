namespace Monitor.SamplePortal;

/// <summary>Ids of the faults the generator plants by default (<c>kind/sourceId</c>).</summary>
public static class PortalFaults
{
    /// <summary>The latest passed year's 招生计划 (<c>ywjy-zsjh</c>) is not published.</summary>
    public const string MissingItemYwjy = "missing-item/ywjy";

    /// <summary>One <c>bzxzf-zcwj</c> policy document is published 35 working days after its 成文日期.</summary>
    public const string LatePublicationBzxzf = "late-publication/bzxzf";

    /// <summary>One <c>zdbc-bcaz</c> 征地补偿安置方案公告 lacks its 社会保障 paragraph.</summary>
    public const string MissingElementZdbc = "missing-element/zdbc";

    /// <summary>The newest <c>jyj-jydt</c> entry is 30 days old.</summary>
    public const string StaleColumnJyjJydt = "stale-column/jyj-jydt";

    /// <summary>The <c>csjd-zcjd</c> column has never had an entry.</summary>
    public const string BlankColumnCsjdZcjd = "blank-column/csjd-zcjd";

    /// <summary>The homepage shows nothing newer than 21 days.</summary>
    public const string StaleHomepage = "stale-homepage/home";

    /// <summary>One <c>bzxzf</c> article's second attachment answers 404.</summary>
    public const string BrokenLinkBzxzf = "broken-link/bzxzf";

    /// <summary>One <c>zdbc</c> article's body links to a page that answers 404.</summary>
    public const string BrokenLinkZdbc = "broken-link/zdbc";

    /// <summary>Every fault id, in manifest order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        MissingItemYwjy,
        LatePublicationBzxzf,
        MissingElementZdbc,
        StaleColumnJyjJydt,
        BlankColumnCsjdZcjd,
        StaleHomepage,
        BrokenLinkBzxzf,
        BrokenLinkZdbc,
    ];
}
