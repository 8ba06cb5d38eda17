namespace Monitor.RuleEngine.Loading;

/// <summary>
/// One problem in a rule file. <see cref="ToString"/> reads like a compiler message:
/// <c>rules/catalog/bzxzf.yaml:12:7: items[3].deadline.days (bzxzf-zcwj): 必须是正整数</c>.
/// </summary>
/// <param name="File">Path relative to the rules directory's parent (forward slashes).</param>
/// <param name="Line">1-based line (0 when the problem concerns a whole file that could not be read).</param>
/// <param name="Column">1-based column.</param>
/// <param name="Key">Key path inside the file, e.g. <c>items[3].deadline.days</c>; empty for the whole file.</param>
/// <param name="RuleId">The catalog item id when the key is inside an item.</param>
/// <param name="Message">What is wrong, in Chinese.</param>
public sealed record RuleLoadError(string File, int Line, int Column, string Key, string? RuleId, string Message)
{
    public override string ToString()
    {
        var where = Line > 0 ? $"{File}:{Line}:{Column}" : File;
        if (Key.Length == 0)
        {
            return $"{where}: {Message}";
        }

        return RuleId is null ? $"{where}: {Key}: {Message}" : $"{where}: {Key} ({RuleId}): {Message}";
    }
}
