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

    /// <summary>The <c>wfgz</c> column has no 等级评定标准 (<c>wfgz-djpd</c>, a standing item) at all.</summary>
    public const string MissingItemWfgz = "missing-item/wfgz";

    /// <summary>The newest <c>szfw-tsgg</c> 计划停水 notice lacks its 停水范围.</summary>
    public const string MissingElementSzfw = "missing-element/szfw";

    /// <summary>One <c>ggzy-cgjg</c> 成交结果公告 is published 6 working days after its 成文日期 (limit 2).</summary>
    public const string LatePublicationGgzy = "late-publication/ggzy";

    /// <summary>One <c>fwzs-zsjd</c> 房屋征收决定 article's attachment answers 404.</summary>
    public const string BrokenLinkFwzs = "broken-link/fwzs";

    /// <summary>One <c>jtcq-ssfa</c> 补偿实施方案 lacks its 过渡方式.</summary>
    public const string MissingElementJtcq = "missing-element/jtcq";

    /// <summary>One <c>fp-zcwj</c> policy document is published 35 working days after its 成文日期.</summary>
    public const string LatePublicationFp = "late-publication/fp";

    /// <summary>The latest year whose 10-31 due date has passed has no 冬春救助 plan (<c>jz-dcjz</c>).</summary>
    public const string MissingItemJz = "missing-item/jz";

    /// <summary>One post in the <c>wx-ywfb</c> RSS feed leads to a page saying the publisher deleted it.</summary>
    public const string RemovedDocumentWxYwfb = "removed-document/wx-ywfb";

    /// <summary>The newest <c>wx-ywjy</c> post is 16 days old.</summary>
    public const string StaleAccountWxYwjy = "stale-account/wx-ywjy";

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
        MissingItemWfgz,
        MissingElementSzfw,
        LatePublicationGgzy,
        BrokenLinkFwzs,
        MissingElementJtcq,
        LatePublicationFp,
        MissingItemJz,
        RemovedDocumentWxYwfb,
        StaleAccountWxYwjy,
    ];
}
