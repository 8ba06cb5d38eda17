using System.Globalization;
using Monitor.RuleEngine.Calendar;
using Monitor.RuleEngine.Rules;

namespace Monitor.RuleEngine.Loading;

/// <summary>
/// The outcome of loading a rules directory. <see cref="RuleSet"/> and <see cref="Calendar"/> are null
/// when there are errors: a rule set with a broken file must not be used half-loaded.
/// </summary>
public sealed record RuleSetLoadResult(
    RuleSet? RuleSet,
    WorkingDayCalendar? Calendar,
    IReadOnlyList<RuleLoadError> Errors,
    IReadOnlyList<string> Warnings)
{
    public bool Succeeded => Errors.Count == 0 && RuleSet is not null && Calendar is not null;
}

/// <summary>
/// Loads <c>ruleset.yaml</c>, <c>site-checks.yaml</c>, <c>catalog/*.yaml</c> and <c>calendar/cn/*.yaml</c>
/// from a rules directory. Each file is checked twice: against its JSON Schema (embedded copy of
/// <c>rules/schema/</c>) and by the typed reader (unknown keys, regexes, duplicates, dates). All
/// errors of all files are returned together; nothing is thrown for bad content.
/// </summary>
public static class RuleSetLoader
{
    /// <summary>Loads and validates every rule file under <paramref name="rulesDirectory"/>.</summary>
    /// <param name="rulesDirectory">The folder holding <c>ruleset.yaml</c> (the repository's <c>rules/</c>).</param>
    public static RuleSetLoadResult Load(string rulesDirectory)
    {
        ArgumentNullException.ThrowIfNull(rulesDirectory);
        var errors = new List<RuleLoadError>();
        var warnings = new List<string>();
        var root = Path.GetFullPath(rulesDirectory);
        var displayBase = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(root)) ?? root;
        string Display(string path) => Path.GetRelativePath(displayBase, path).Replace('\\', '/');

        if (!Directory.Exists(root))
        {
            errors.Add(new RuleLoadError(rulesDirectory, 0, 0, "", null, "规则目录不存在"));
            return new RuleSetLoadResult(null, null, errors, warnings);
        }

        var catalogDir = Path.Combine(root, "catalog");
        var catalogFiles = Directory.Exists(catalogDir)
            ? Directory.GetFiles(catalogDir, "*.yaml").Order(StringComparer.Ordinal).ToList()
            : [];
        var calendarDir = Path.Combine(root, "calendar", "cn");
        var calendarFiles = Directory.Exists(calendarDir)
            ? Directory.GetFiles(calendarDir, "*.yaml").Order(StringComparer.Ordinal).ToList()
            : [];

        // Parsing and schema evaluation dominate the cost and are independent per file: do them in
        // parallel, then read the typed model and check cross-file rules sequentially (deterministic).
        var prepared = Prepare(
            [
                (Path.Combine(root, "ruleset.yaml"), "ruleset.schema.json"),
                (Path.Combine(root, "site-checks.yaml"), "site-checks.schema.json"),
                .. catalogFiles.Select(f => (f, "catalog.schema.json")),
                .. calendarFiles.Select(f => (f, "calendar.schema.json")),
            ],
            Display);

        var header = ReadFile(Path.Combine(root, "ruleset.yaml"), prepared, Display, errors, SiteChecksReader.ReadHeader);
        var siteChecks = ReadFile(Path.Combine(root, "site-checks.yaml"), prepared, Display, errors, SiteChecksReader.Read);

        var areas = new List<CatalogArea>();
        if (catalogFiles.Count == 0)
        {
            errors.Add(new RuleLoadError(Display(catalogDir), 0, 0, "", null, "没有任何目录文件（catalog/*.yaml）"));
        }

        var firstSeen = new Dictionary<string, (string File, int Line)>(StringComparer.Ordinal);
        var areaIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = 0;
        foreach (var file in catalogFiles)
        {
            if (Take(prepared, file, Display(file), errors) is not { } reader)
            {
                continue;
            }

            var tree = reader.Tree;
            var area = CatalogReader.Read(reader, order);
            if (area is null)
            {
                continue;
            }

            if (!Path.GetFileNameWithoutExtension(file).Equals(area.Id, StringComparison.Ordinal))
            {
                reader.Error("/area", $"领域编号“{area.Id}”与文件名 {Path.GetFileName(file)} 不一致");
            }

            if (areaIds.TryGetValue(area.Id, out var otherFile))
            {
                reader.Error("/area", $"领域编号“{area.Id}”已在 {otherFile} 中使用");
            }

            areaIds.TryAdd(area.Id, Display(file));
            // Walk the file's own item list (not the successfully read items) so the error points at the second occurrence.
            var listed = tree.Root?["items"] as System.Text.Json.Nodes.JsonArray ?? [];
            for (var i = 0; i < listed.Count; i++)
            {
                if (listed[i]?["id"] is not System.Text.Json.Nodes.JsonValue v || !v.TryGetValue<string>(out var id))
                {
                    continue;
                }

                var pointer = RuleFileReader.Child("/items", i);
                if (firstSeen.TryGetValue(id, out var first))
                {
                    reader.Error(pointer + "/id", $"条目编号“{id}”重复，已在 {first.File}:{first.Line} 定义");
                }
                else
                {
                    firstSeen[id] = (Display(file), tree.Locate(pointer + "/id").Line);
                }
            }

            order += area.Items.Count;
            areas.Add(area);
        }

        var calendar = LoadCalendar(calendarDir, calendarFiles, prepared, Display, errors, warnings);

        var ordered = Deduplicate(errors);
        if (ordered.Count > 0 || header is null || siteChecks is null || calendar is null)
        {
            return new RuleSetLoadResult(null, null, ordered, warnings);
        }

        var ruleSet = new RuleSet(header.Version, header.Effective, header.Name, header.TimeZone, areas, siteChecks) { Versions = header.Versions };
        return new RuleSetLoadResult(ruleSet, calendar, ordered, warnings);
    }

    private static WorkingDayCalendar? LoadCalendar(
        string dir,
        List<string> files,
        Dictionary<string, Prepared> prepared,
        Func<string, string> display,
        List<RuleLoadError> errors,
        List<string> warnings)
    {
        if (files.Count == 0)
        {
            errors.Add(new RuleLoadError(display(dir), 0, 0, "", null, "没有任何节假日文件（calendar/cn/<年份>.yaml）"));
            return null;
        }

        var years = new List<CalendarYear>();
        var failed = false;
        foreach (var file in files)
        {
            var stem = Path.GetFileNameWithoutExtension(file);
            int? yearFromName = int.TryParse(stem, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && stem.Length == 4 ? y : null;
            if (yearFromName is null)
            {
                errors.Add(new RuleLoadError(display(file), 0, 0, "", null, "节假日文件名必须是四位年份，如 2026.yaml"));
                failed = true;
                continue;
            }

            if (Take(prepared, file, display(file), errors) is not { } reader)
            {
                failed = true;
                continue;
            }

            if (CalendarReader.Read(reader, yearFromName) is { } year)
            {
                years.Add(year);
            }
            else
            {
                failed = true;
            }
        }

        if (failed)
        {
            return null;
        }

        var calendar = new WorkingDayCalendar(years);
        var last = calendar.YearsCovered[^1];
        for (var year = calendar.YearsCovered[0]; year <= last; year++)
        {
            if (!calendar.HasData(year))
            {
                warnings.Add(WorkingDayCalendar.MissingYearWarning(year));
            }
        }

        // The year after the last file is the one deadlines run into first.
        warnings.Add(WorkingDayCalendar.MissingYearWarning(last + 1));
        return calendar;
    }

    /// <summary>A file parsed and checked against its schema; the typed reading comes later.</summary>
    private sealed record Prepared(YamlTree? Tree, List<RuleLoadError> Errors);

    private static Dictionary<string, Prepared> Prepare(List<(string Path, string Schema)> files, Func<string, string> display)
    {
        var results = new Prepared[files.Count];
        Parallel.For(0, files.Count, i => results[i] = PrepareOne(files[i].Path, files[i].Schema, display(files[i].Path)));
        var map = new Dictionary<string, Prepared>(StringComparer.Ordinal);
        for (var i = 0; i < files.Count; i++)
        {
            map[files[i].Path] = results[i];
        }

        return map;
    }

    private static Prepared PrepareOne(string path, string schema, string displayPath)
    {
        var errors = new List<RuleLoadError>();
        if (!File.Exists(path))
        {
            errors.Add(new RuleLoadError(displayPath, 0, 0, "", null, "文件不存在"));
            return new Prepared(null, errors);
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            errors.Add(new RuleLoadError(displayPath, 0, 0, "", null, $"无法读取文件：{e.Message}"));
            return new Prepared(null, errors);
        }

        var (tree, syntax) = YamlTree.Parse(text);
        if (syntax is { } s)
        {
            errors.Add(new RuleLoadError(displayPath, s.Line, s.Column, "", null, s.Message));
            return new Prepared(null, errors);
        }

        var schemaErrors = new List<RuleLoadError>();
        var schemaReader = new RuleFileReader(displayPath, tree!, schemaErrors);
        if (tree!.Root is System.Text.Json.Nodes.JsonObject catalogRoot && schema == "catalog.schema.json")
        {
            schemaReader.RuleIdOf = pointer => ItemIdOf(catalogRoot, pointer);
        }

        SchemaCheck.Validate(schemaReader, schema);
        errors.AddRange(schemaErrors.Select(e => e with { Message = SchemaMarker + e.Message }));
        return new Prepared(tree, errors);
    }

    /// <summary>Adds a prepared file's errors and returns a typed reader for it, or null when it did not parse.</summary>
    private static RuleFileReader? Take(Dictionary<string, Prepared> prepared, string path, string displayPath, List<RuleLoadError> errors)
    {
        var p = prepared[path];
        errors.AddRange(p.Errors);
        return p.Tree is null ? null : new RuleFileReader(displayPath, p.Tree, errors);
    }

    private static T? ReadFile<T>(
        string path,
        Dictionary<string, Prepared> prepared,
        Func<string, string> display,
        List<RuleLoadError> errors,
        Func<RuleFileReader, T?> read) =>
        Take(prepared, path, display(path), errors) is { } reader ? read(reader) : default;

    /// <summary>Prefix marking schema errors until deduplication (typed errors say the same thing more precisely).</summary>
    private const string SchemaMarker = "\u0001";

    /// <summary>
    /// Keeps every typed error, and a schema error only when no typed error concerns the same or a
    /// related key of the same file; then sorts by file, line, column.
    /// </summary>
    private static List<RuleLoadError> Deduplicate(List<RuleLoadError> errors)
    {
        var typed = errors.Where(e => !e.Message.StartsWith(SchemaMarker, StringComparison.Ordinal)).ToList();
        var result = new List<RuleLoadError>(typed);
        foreach (var e in errors.Where(e => e.Message.StartsWith(SchemaMarker, StringComparison.Ordinal)))
        {
            var related = typed.Any(t => t.File == e.File && (Related(t.Key, e.Key) || (t.Line == e.Line && t.Line > 0)));
            if (!related)
            {
                result.Add(e with { Message = e.Message[SchemaMarker.Length..] });
            }
        }

        return result
            .Distinct()
            .OrderBy(e => e.File, StringComparer.Ordinal)
            .ThenBy(e => e.Line)
            .ThenBy(e => e.Column)
            .ThenBy(e => e.Key, StringComparer.Ordinal)
            .ThenBy(e => e.Message, StringComparer.Ordinal)
            .ToList();
    }

    private static bool Related(string a, string b) =>
        a == b || a.StartsWith(b + ".", StringComparison.Ordinal) || a.StartsWith(b + "[", StringComparison.Ordinal)
        || b.StartsWith(a + ".", StringComparison.Ordinal) || b.StartsWith(a + "[", StringComparison.Ordinal);

    private static string? ItemIdOf(System.Text.Json.Nodes.JsonObject root, string pointer)
    {
        var parts = pointer.Split('/');
        return parts.Length >= 3 && parts[1] == "items" && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            && root["items"] is System.Text.Json.Nodes.JsonArray items && i < items.Count
            && items[i] is System.Text.Json.Nodes.JsonObject item && item["id"] is System.Text.Json.Nodes.JsonValue v
            && v.TryGetValue<string>(out var id)
            ? id
            : null;
    }
}
