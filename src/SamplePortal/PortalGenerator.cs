using System.Globalization;
using System.Text;
using Monitor.SamplePortal.Generation;
using Monitor.SamplePortal.Rendering;

namespace Monitor.SamplePortal;

/// <summary>
/// Builds the sample portal in memory from <see cref="PortalOptions"/>: pure (no clock, no I/O),
/// and the same options give byte-identical pages and manifest.
/// </summary>
public static class PortalGenerator
{
    private const string HtmlUtf8 = "text/html; charset=utf-8";
    private const string HtmlGbk = "text/html; charset=GBK";
    private const string Pdf = "application/pdf";

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Generates the portal.</summary>
    /// <exception cref="ArgumentException">
    /// The options are invalid (unknown fault or source id, size out of range, negative slow delay, a lifecycle path
    /// that is not a generated article); the message says which.
    /// </exception>
    public static GeneratedPortal Generate(PortalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);

        var seed = options.Seed;
        var asOf = options.AsOf;
        bool FaultOn(string id) => !options.DisabledFaults.Contains(id);

        // One random stream per column (numbers are fixed forever: changing them changes every sample).
        var area = new AreaWriter(SeededChoice.ForStream(seed, 4), asOf, FaultOn);
        var columns = new List<(ColumnDefinition Column, List<ArticleDraft> Drafts)>
        {
            (SiteLayout.Dtyw, NewsWriter.Dtyw(SeededChoice.ForStream(seed, 1), asOf, options.NewsPerColumn)),
            (SiteLayout.Tzgg, NewsWriter.Tzgg(SeededChoice.ForStream(seed, 2), asOf, 2 * options.NewsPerColumn)),
            (SiteLayout.JyjJydt, NewsWriter.Jydt(
                SeededChoice.ForStream(seed, 3),
                asOf.AddDays(FaultOn(PortalFaults.StaleColumnJyjJydt) ? -30 : -2),
                options.NewsPerColumn)),
            (SiteLayout.Bzxzf, area.Bzxzf()),
            (SiteLayout.Zdbc, new AreaWriter(SeededChoice.ForStream(seed, 5), asOf, FaultOn).Zdbc()),
            (SiteLayout.Ywjy, new AreaWriter(SeededChoice.ForStream(seed, 6), asOf, FaultOn).Ywjy()),
            (SiteLayout.CsjdZdxx, new AreaWriter(SeededChoice.ForStream(seed, 7), asOf, FaultOn).CsjdZdxx()),
            (SiteLayout.CsjdZcjd, FaultOn(PortalFaults.BlankColumnCsjdZcjd) ? [] : NewsWriter.Zcjd(SeededChoice.ForStream(seed, 8), asOf)),
            (SiteLayout.Wfgz, new AreaWriter(SeededChoice.ForStream(seed, 9), asOf, FaultOn).Wfgz()),
            (SiteLayout.Szfw, new AreaWriter(SeededChoice.ForStream(seed, 10), asOf, FaultOn).Szfw()),
            (SiteLayout.Ggzy, new AreaWriter(SeededChoice.ForStream(seed, 11), asOf, FaultOn).Ggzy()),
            (SiteLayout.Fwzs, new AreaWriter(SeededChoice.ForStream(seed, 12), asOf, FaultOn).Fwzs()),
            (SiteLayout.Jtcq, new AreaWriter(SeededChoice.ForStream(seed, 13), asOf, FaultOn).Jtcq()),
            (SiteLayout.Fp, new AreaWriter(SeededChoice.ForStream(seed, 14), asOf, FaultOn).Fp()),
            (SiteLayout.Jz, new AreaWriter(SeededChoice.ForStream(seed, 15), asOf, FaultOn).Jz()),
            (SiteLayout.XzfwZwdt, NewsWriter.Zwdt(SeededChoice.ForStream(seed, 16), asOf, ZwdtCount)),
        };

        var withdrawn = options.WithdrawnDocuments;
        var generatedAt = GeneratedAt(asOf);
        var pages = new PageSet(generatedAt);
        var hanwebColumns = new Dictionary<long, HanwebColumn>();
        var allArticles = new List<Article>();
        var newestFirstByColumn = new Dictionary<string, IReadOnlyList<Article>>(StringComparer.Ordinal);
        var revisedColumns = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < columns.Count; index++)
        {
            var (column, drafts) = columns[index];
            var articles = AssignIds(column, drafts, SeededChoice.ForStream(seed, 100 + index), index);
            allArticles.AddRange(articles);

            // A withdrawn article keeps its id (nothing else moves); it only leaves the lists and its page.
            var newestFirst = articles.AsEnumerable().Reverse().Where(a => !withdrawn.Contains(a.Path)).ToList();
            if (newestFirst.Count < articles.Count)
            {
                revisedColumns.Add(column.Id);
            }

            newestFirstByColumn[column.Id] = newestFirst;
            AddArticlePages(pages, articles, options);
            pages.Revised = revisedColumns.Contains(column.Id);
            AddListPages(pages, hanwebColumns, column, newestFirst);
            pages.Revised = false;
        }

        // Conservative: a withdrawn news or notice item may have been on the homepage (an unchanged body keeps its ETag).
        pages.Revised = revisedColumns.Contains(SiteLayout.Dtyw.Id) || revisedColumns.Contains(SiteLayout.Tzgg.Id);
        AddHomepage(pages, newestFirstByColumn, asOf, FaultOn(PortalFaults.StaleHomepage));
        pages.Revised = false;

        var posts = AddWeChat(pages, options, FaultOn);
        var (faultSources, faultArticles, huge) = options.FaultPages ? AddFaultColumns(pages, options) : ([], [], null);

        var manifest = new PortalManifest(
            seed,
            asOf,
            PlantedFaults(options, allArticles, newestFirstByColumn, posts).ToList(),
            SiteLayout.Sources.Select(ManifestSource).Concat(SiteLayout.Accounts.Select(ManifestSource)).ToList())
        {
            FaultSources = faultSources,
        };
        ValidateLifecycle(options, allArticles.Select(a => a.Path).Concat(posts.Select(p => p.Path)));
        var articlesServed = allArticles.Where(a => !withdrawn.Contains(a.Path)).ToList();
        return new GeneratedPortal(options, manifest, pages.Pages, articlesServed, hanwebColumns)
        {
            GeneratedAt = generatedAt,
            WeChatPosts = posts.Where(p => !withdrawn.Contains(p.Path)).ToList(),
            FaultArticles = faultArticles,
            HugePage = huge,
        };
    }

    /// <summary>Entries of the script-built 政务动态 column (<c>xzfw-zwdt</c>).</summary>
    internal const int ZwdtCount = 20;

    /// <summary>The extra sentence an edited article gets at the end of its main text (<see cref="PortalOptions.EditedDocuments"/>).</summary>
    public const string EditSentence = "（本文已根据最新情况修订，修订内容以本页为准。）";

    /// <summary>Every page's Last-Modified: as-of 00:00 Asia/Shanghai (the moment the sample was "generated").</summary>
    public static DateTimeOffset GeneratedAt(DateOnly asOf) => new(asOf.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));

    /// <summary>Last-Modified of the pages a lifecycle variant changed: one hour after <see cref="GeneratedAt"/>.</summary>
    public static DateTimeOffset RevisedAt(DateOnly asOf) => GeneratedAt(asOf).AddHours(1);

    private static PortalSource ManifestSource(ColumnDefinition s) =>
        new(s.Id, s.Name, s.FamilyName, s.ListPath, s.Charset, s.DepartmentId, s.ColumnType, s.ExpectedItemIds)
        {
            NeedsScript = s.Family == ListFamily.Js,
        };

    private static PortalSource ManifestSource(WeChatAccount a) =>
        new(a.Id, a.Nickname, a.FamilyName, a.ListPath ?? a.FeedPath, "UTF-8", a.DepartmentId, "新媒体", [])
        {
            Platform = "微信公众号",
            AccountName = a.Nickname,
            AccountUserName = a.UserName,
            FeedPath = a.ListPath is null ? null : a.FeedPath,
        };

    private static List<WeChatPost> AddWeChat(PageSet pages, PortalOptions options, Func<string, bool> faultOn)
    {
        var withdrawn = options.WithdrawnDocuments;
        var ywfb = WeChatWriter.Ywfb(SeededChoice.ForStream(options.Seed, 17), options.AsOf, faultOn(PortalFaults.RemovedDocumentWxYwfb));
        var ywjy = WeChatWriter.Ywjy(SeededChoice.ForStream(options.Seed, 18), options.AsOf, faultOn(PortalFaults.StaleAccountWxYwjy));
        foreach (var (account, posts) in new[] { (SiteLayout.WxYwfb, ywfb), (SiteLayout.WxYwjy, ywjy) })
        {
            foreach (var post in posts.Where(p => !withdrawn.Contains(p.Path)))
            {
                var edited = options.EditedDocuments.Contains(post.Path);
                var shown = edited ? post with { Paragraphs = [.. post.Paragraphs, EditSentence] } : post;
                pages.Revised = edited;
                pages.AddText(post.Path, account.Id, HtmlUtf8, post.Deleted ? WeChatPages.Deleted() : WeChatPages.Article(account, shown));
                pages.Revised = false;
            }

            var listed = posts.Where(p => !withdrawn.Contains(p.Path)).ToList();
            pages.Revised = listed.Count < posts.Count;
            if (account.Mirror == WeChatMirror.Rss)
            {
                pages.AddText(account.FeedPath, account.Id, "application/rss+xml; charset=utf-8", WeChatPages.Rss(account, listed));
            }
            else
            {
                pages.AddText(account.FeedPath, account.Id, "application/atom+xml; charset=utf-8", WeChatPages.Atom(account, listed));
                pages.AddText(account.ListPath!, account.Id, HtmlUtf8, WeChatPages.List(account, listed));
            }

            pages.Revised = false;
        }

        // Fixture pages linked from no feed: the states a crawler must classify. Owned by 义乌发布 for fault modes.
        pages.AddText(WeChatPages.BlockedPath, SiteLayout.WxYwfb.Id, HtmlUtf8, WeChatPages.Blocked());
        pages.AddText(WeChatPages.MigratedPath, SiteLayout.WxYwfb.Id, HtmlUtf8, WeChatPages.Migrated(ywfb[0].Path));
        pages.AddText(WeChatPages.VerifyPath, SiteLayout.WxYwfb.Id, HtmlUtf8, WeChatPages.Verify());
        return [.. ywfb, .. ywjy];
    }

    private static (IReadOnlyList<PortalSource> Sources, IReadOnlyList<Article> Articles, HugePage? Huge) AddFaultColumns(PageSet pages, PortalOptions options)
    {
        var sources = new List<PortalSource>();
        var all = new List<Article>();
        HugePage? huge = null;
        for (var k = 0; k < FaultColumns.Kinds.Count; k++)
        {
            var kind = FaultColumns.Kinds[k];
            var column = FaultColumns.Column(kind);
            var drafts = NewsWriter.Dtyw(SeededChoice.ForStream(options.Seed, 300 + k), options.AsOf, FaultColumns.ArticlesPerColumn);
            var articles = AssignIds(column, drafts, SeededChoice.ForStream(options.Seed, 400 + k), 20 + k);
            all.AddRange(articles);
            AddArticlePages(pages, articles, options);
            var newestFirst = articles.AsEnumerable().Reverse().ToList();
            sources.Add(new PortalSource(column.Id, column.Name, column.FamilyName, column.ListPath, column.Charset, column.DepartmentId, column.ColumnType, []));
            switch (kind)
            {
                case FaultColumns.Malformed:
                    pages.Add(column.ListPath, column.Id, HtmlUtf8, FaultPages.Malformed(column, newestFirst));
                    break;
                case FaultColumns.Charset:
                    pages.Add(column.ListPath, column.Id, HtmlUtf8, FaultPages.Charset(column, newestFirst));
                    break;
                case FaultColumns.Huge:
                    huge = FaultPages.Huge(column, newestFirst);
                    break;
                case FaultColumns.Loop or FaultColumns.Endless:
                    // Answered by the server on the fly (redirects, unbounded pages).
                    break;
                default:
                    pages.AddText(column.ListPath, column.Id, HtmlUtf8, FaultPages.List(column, FaultPages.Entries(newestFirst)));
                    break;
            }
        }

        return (sources, all, huge);
    }

    private static void Validate(PortalOptions options)
    {
        if (options.NewsPerColumn is < PortalOptions.MinNewsPerColumn or > PortalOptions.MaxNewsPerColumn)
        {
            throw new ArgumentException(
                $"NewsPerColumn must be between {PortalOptions.MinNewsPerColumn} and {PortalOptions.MaxNewsPerColumn}, was {options.NewsPerColumn}.",
                nameof(options));
        }

        if (options.AsOf.Year is < 2000 or > 2099)
        {
            throw new ArgumentException($"AsOf must lie in 2000–2099, was {options.AsOf.Iso()}.", nameof(options));
        }

        var unknownFaults = options.DisabledFaults.Where(f => !PortalFaults.All.Contains(f)).Order(StringComparer.Ordinal).ToList();
        if (unknownFaults.Count > 0)
        {
            throw new ArgumentException(
                $"Unknown fault id(s) in DisabledFaults: {string.Join(", ", unknownFaults)}. Known: {string.Join(", ", PortalFaults.All)}.",
                nameof(options));
        }

        var unknownSources = options.SourceFaults.Keys.Where(id => !SiteLayout.SourceIds.Contains(id)).Order(StringComparer.Ordinal).ToList();
        if (unknownSources.Count > 0)
        {
            throw new ArgumentException(
                $"Unknown source id(s) in SourceFaults: {string.Join(", ", unknownSources)}. Known: {string.Join(", ", SiteLayout.SourceIds)}.",
                nameof(options));
        }

        if (options.FaultSlowDelay < TimeSpan.Zero)
        {
            throw new ArgumentException($"FaultSlowDelay must not be negative, was {options.FaultSlowDelay}.", nameof(options));
        }
    }

    // Lifecycle paths must name generated articles: a typo would otherwise silently test nothing.
    private static void ValidateLifecycle(PortalOptions options, IEnumerable<string> articlePaths)
    {
        var known = articlePaths.ToHashSet(StringComparer.Ordinal);
        foreach (var (name, set) in new[] { ("WithdrawnDocuments", options.WithdrawnDocuments), ("EditedDocuments", options.EditedDocuments) })
        {
            var unknown = set.Where(p => !known.Contains(p)).Order(StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                throw new ArgumentException($"{name} holds path(s) that are not generated articles: {string.Join(", ", unknown)}.", nameof(options));
            }
        }
    }

    // Ids grow with publication time, as in a real CMS; each column owns a range of 100 000 ids.
    private static List<Article> AssignIds(ColumnDefinition column, List<ArticleDraft> drafts, SeededChoice choice, int columnIndex)
    {
        var department = SiteLayout.DepartmentOf(column);
        var docId = 1_000_000L + (columnIndex * 100_000L) + choice.Between(0, 4_999);
        var articles = new List<Article>(drafts.Count);
        foreach (var draft in drafts.OrderBy(d => d.PublishDate).ThenBy(d => d.PublishTime))
        {
            docId += choice.Between(1, 2);
            if (draft.Withheld)
            {
                continue;
            }

            var (path, listHref) = ArticlePaths(column, draft.PublishDate, docId);
            var attachments = draft.AttachmentNames
                .Select((name, i) => Attachment(column, draft.PublishDate, docId, i + 1, name, served: draft.MissingAttachment != i + 1))
                .ToList();
            var indexNumber = string.Create(CultureInfo.InvariantCulture, $"{department.IndexCode}/{draft.PublishDate.Year}-{docId % 100_000:D5}");
            articles.Add(new Article(column, draft, docId, path, listHref, indexNumber, attachments));
        }

        return articles;
    }

    private static (string Path, string ListHref) ArticlePaths(ColumnDefinition column, DateOnly date, long docId)
    {
        if (column.Family is ListFamily.Hanweb or ListFamily.Js)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"/art/{date.Year}/{date.Month}/{date.Day}/art_{column.HanwebColumnId}_{docId}.html");
            return (path, path);
        }

        var relative = string.Create(CultureInfo.InvariantCulture, $"{date:yyyyMM}/t{date:yyyyMMdd}_{docId}.html");
        return ($"{column.Directory}/{relative}", $"./{relative}");
    }

    private static ArticleAttachment Attachment(ColumnDefinition column, DateOnly date, long docId, int number, string name, bool served)
    {
        if (column.Family == ListFamily.Hanweb)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"/module/download/downfile.jsp?classid=0&filename={docId}_{number}.pdf");
            return new ArticleAttachment(name, path, path, served);
        }

        var file = string.Create(CultureInfo.InvariantCulture, $"W0{date:yyyyMMdd}{docId}_{number}.pdf");
        return new ArticleAttachment(name, $"./{file}", string.Create(CultureInfo.InvariantCulture, $"{column.Directory}/{date:yyyyMM}/{file}"), served);
    }

    private static void AddArticlePages(PageSet pages, List<Article> articles, PortalOptions options)
    {
        foreach (var article in articles)
        {
            if (!options.WithdrawnDocuments.Contains(article.Path))
            {
                var edited = options.EditedDocuments.Contains(article.Path);
                var shown = edited ? article with { Draft = article.Draft with { Paragraphs = [.. article.Draft.Paragraphs, EditSentence] } } : article;
                pages.Revised = edited;
                pages.AddHtml(article.Path, article.Column, ArticlePage.Render(shown));
                pages.Revised = false;
            }

            // Attachments stay when their article is withdrawn: the CMS unpublishes the page, not the files.
            foreach (var (attachment, number) in article.Attachments.Select((a, i) => (a, i + 1)))
            {
                if (attachment.Served)
                {
                    pages.Add(attachment.Path, article.Column.Id, Pdf, PdfFile.Create(article.DocId, number));
                }
            }
        }
    }

    private static void AddListPages(PageSet pages, Dictionary<long, HanwebColumn> hanwebColumns, ColumnDefinition column, List<Article> newestFirst)
    {
        if (column.Family == ListFamily.Hanweb)
        {
            var hanweb = new HanwebColumn(column, newestFirst.Select(ListPages.HanwebRecord).ToList());
            hanwebColumns.Add(column.HanwebColumnId, hanweb);
            pages.AddHtml(column.ListPath, column, ListPages.HanwebColumnPage(hanweb));
            return;
        }

        if (column.Family == ListFamily.Js)
        {
            pages.AddHtml(column.ListPath, column, JsColumnPages.ListPage(column));
            pages.AddText(column.DataPath, column.Id, "application/json; charset=utf-8", JsColumnPages.Data(newestFirst));
            return;
        }

        for (var pageIndex = 0; pageIndex < ListPages.TrsPageCount(newestFirst.Count); pageIndex++)
        {
            pages.AddHtml(ListPages.TrsPagePath(column, pageIndex), column, ListPages.TrsPage(column, newestFirst, pageIndex));
        }
    }

    private static void AddHomepage(PageSet pages, Dictionary<string, IReadOnlyList<Article>> newestFirst, DateOnly asOf, bool stale)
    {
        // A stale homepage is one nobody has republished for three weeks: it shows only what existed then.
        var cutoff = stale ? asOf.AddDays(-HomepageStaleDays) : asOf;
        var news = newestFirst[SiteLayout.Dtyw.Id].Where(a => a.PublishDate <= cutoff).Take(8).ToList();
        var notices = newestFirst[SiteLayout.Tzgg.Id].Where(a => a.PublishDate <= cutoff).Take(5).ToList();
        var html = Homepage.Render(news, notices);
        pages.AddHtml("/index.html", SiteLayout.Home, html);
        pages.AddHtml("/", SiteLayout.Home, html);
        pages.Add(SiteLayout.ConacImagePath, SiteLayout.Home.Id, LogoImage.ContentType, LogoImage.Create());
    }

    /// <summary>With stale-homepage on, nothing newer than this many days before as-of is shown (dtyw falls on odd days, so the newest shown is 21 days old).</summary>
    internal const int HomepageStaleDays = 20;

    /// <summary>The pages being built, each stamped with its Last-Modified (revised pages one hour later).</summary>
    private sealed class PageSet(DateTimeOffset generatedAt)
    {
        public Dictionary<string, PortalPage> Pages { get; } = new(StringComparer.Ordinal);

        /// <summary>True while adding pages a lifecycle variant changed.</summary>
        public bool Revised { get; set; }

        public void Add(string path, string sourceId, string contentType, byte[] body) =>
            Pages.Add(path, new PortalPage(path, sourceId, contentType, body) { LastModified = Revised ? generatedAt.AddHours(1) : generatedAt });

        public void AddText(string path, string sourceId, string contentType, string text) => Add(path, sourceId, contentType, Utf8.GetBytes(text));

        public void AddHtml(string path, ColumnDefinition column, string html) =>
            Add(path, column.Id, column.Gbk ? HtmlGbk : HtmlUtf8, column.Gbk ? Gbk.GetBytes(html) : Utf8.GetBytes(html));
    }

    private static Encoding Gbk
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

            // Throw rather than write '?' if a character has no GBK form: a garbled page would be a silent sample bug.
            return Encoding.GetEncoding("GBK", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
    }

    private static IEnumerable<PlantedFault> PlantedFaults(
        PortalOptions options, List<Article> articles, Dictionary<string, IReadOnlyList<Article>> newestFirst, List<WeChatPost> posts)
    {
        var asOf = options.AsOf;
        foreach (var id in PortalFaults.All.Where(id => !options.DisabledFaults.Contains(id)))
        {
            var carrier = articles.SingleOrDefault(a => a.Draft.PlantedFaults.Contains(id));
            yield return id switch
            {
                PortalFaults.MissingItemYwjy => MissingAnnualItem(
                    id, ItemIds.YwjyZsjh, AreaWriter.MissingEnrolmentPlanYear(asOf), year => $"义务教育栏目未公开{year}年招生计划（应于{year}年6月30日前公开）。"),
                PortalFaults.LatePublicationBzxzf => LatePublication(id, carrier!, 20),
                PortalFaults.MissingElementZdbc => MissingElement(id, carrier!, "社会保障"),
                PortalFaults.StaleColumnJyjJydt => new PlantedFault(
                    id, "stale-column", "jyj-jydt", null, null, null, null,
                    $"教育动态栏目最新信息发布于{newestFirst["jyj-jydt"][0].PublishDate.Iso()}，距基准日30天，超过14天的更新时限。"),
                PortalFaults.BlankColumnCsjdZcjd => new PlantedFault(
                    id, "blank-column", "csjd-zcjd", null, null, null, null, "城西街道政策解读栏目从未发布信息。"),
                PortalFaults.StaleHomepage => new PlantedFault(
                    id, "stale-homepage", "home", null, null, null, null,
                    $"首页最新信息日期为{StaleHomepageNewest(asOf, newestFirst).Iso()}，超过14天未更新。"),
                PortalFaults.BrokenLinkBzxzf => BrokenAttachment(id, carrier!),
                PortalFaults.BrokenLinkZdbc => new PlantedFault(
                    id, "broken-link", "zdbc", null, carrier!.Path, carrier.Draft.Link!.Href, null,
                    $"《{carrier.Title}》正文中的链接“{carrier.Draft.Link.Text}”指向的页面不存在（404）。"),
                PortalFaults.MissingItemWfgz => new PlantedFault(
                    id, "missing-item", "wfgz", ItemIds.WfgzDjpd, null, null, null, "农村危房改造栏目未公开农村危房等级评定标准（常设事项）。"),
                PortalFaults.MissingElementSzfw => MissingElement(id, carrier!, "停水范围"),
                PortalFaults.LatePublicationGgzy => LatePublication(id, carrier!, 2),
                PortalFaults.BrokenLinkFwzs => BrokenAttachment(id, carrier!),
                PortalFaults.MissingElementJtcq => MissingElement(id, carrier!, "过渡方式"),
                PortalFaults.LatePublicationFp => LatePublication(id, carrier!, 20),
                PortalFaults.MissingItemJz => MissingAnnualItem(
                    id, ItemIds.JzDcjz, AreaWriter.MissingWinterReliefYear(asOf), year => $"救灾栏目未公开{year}年度冬春救助工作方案（应于{year}年10月31日前公开）。"),
                PortalFaults.RemovedDocumentWxYwfb => RemovedPost(id, posts.Single(p => p.Deleted)),
                PortalFaults.StaleAccountWxYwjy => StaleAccount(id, posts.Where(p => p.AccountId == SiteLayout.WxYwjy.Id).Max(p => p.PublishedAt), asOf),
                _ => throw new InvalidOperationException($"No manifest entry for fault {id}."),
            };
        }
    }

    private static PlantedFault MissingAnnualItem(string id, string itemId, int year, Func<int, string> describe) =>
        new(id, "missing-item", SourceOf(id), itemId, null, null, year.ToString(CultureInfo.InvariantCulture), describe(year));

    private static PlantedFault LatePublication(string id, Article carrier, int limitWorkingDays)
    {
        var days = WorkingDayCalendar.WorkingDaysBetween(carrier.Draft.WrittenDate, carrier.PublishDate);
        return new PlantedFault(
            id, "late-publication", carrier.Column.Id, carrier.ItemId, carrier.Path, null, null,
            $"《{carrier.Title}》成文日期{carrier.Draft.WrittenDate.Iso()}，发布日期{carrier.PublishDate.Iso()}，相隔{days}个工作日，超过{limitWorkingDays}个工作日的公开时限。");
    }

    private static PlantedFault MissingElement(string id, Article carrier, string element) =>
        new(id, "missing-element", carrier.Column.Id, carrier.ItemId, carrier.Path, null, null, $"《{carrier.Title}》缺少“{element}”要素。");

    private static PlantedFault BrokenAttachment(string id, Article carrier)
    {
        var missing = carrier.Attachments.Single(a => !a.Served);
        return new PlantedFault(
            id, "broken-link", carrier.Column.Id, null, carrier.Path, missing.Path, null,
            $"《{carrier.Title}》的附件“{missing.Name}”无法下载（404）。");
    }

    private static PlantedFault RemovedPost(string id, WeChatPost post) =>
        new(id, "removed-document", post.AccountId, null, post.Path, null, null,
            $"{SiteLayout.WxYwfb.Nickname}的文章《{post.Title}》（{DateOnly.FromDateTime(post.PublishedAt.DateTime).Iso()}发布）仍列在订阅源中，但页面显示“该内容已被发布者删除”。");

    private static PlantedFault StaleAccount(string id, DateTimeOffset newest, DateOnly asOf) =>
        new(id, "stale-account", SiteLayout.WxYwjy.Id, null, null, null, null,
            $"{SiteLayout.WxYwjy.Nickname}最新文章发布于{DateOnly.FromDateTime(newest.DateTime).Iso()}，距基准日{asOf.DayNumber - DateOnly.FromDateTime(newest.DateTime).DayNumber}天，超过14天未更新。");

    // Fault ids are kind/sourceId.
    private static string SourceOf(string faultId) => faultId[(faultId.IndexOf('/', StringComparison.Ordinal) + 1)..];

    private static DateOnly StaleHomepageNewest(DateOnly asOf, Dictionary<string, IReadOnlyList<Article>> newestFirst) =>
        new[] { SiteLayout.Dtyw.Id, SiteLayout.Tzgg.Id }
            .Select(id => newestFirst[id].First(a => a.PublishDate <= asOf.AddDays(-HomepageStaleDays)).PublishDate)
            .Max();
}
