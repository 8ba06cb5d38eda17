using System.Security.Cryptography;
using System.Text.Json;

namespace Monitor.Host.Assessments;

/// <summary>
/// The rule files a frozen period was scored with, as one deterministic archive: compact UTF-8 JSON
/// <c>{"format":"monitor-rules/1","files":[{"path","sha256","content"}]}</c> holding every file under the rules folder,
/// sorted by relative path ('/' separators, ordinal order), with its SHA-256 and its bytes in base64. No times, owners or
/// modes go in, so the same files always give the same archive and the same <see cref="Sha256"/>, on any machine.
/// </summary>
internal static class RulesArchive
{
    public const string Format = "monitor-rules/1";

    /// <summary>One archived file.</summary>
    public sealed record Entry(string Path, string Sha256, byte[] Content);

    /// <summary>Archives every file under <paramref name="directory"/>.</summary>
    public static byte[] Create(string directory)
    {
        var root = System.IO.Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"规则目录不存在：{root}");
        }

        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => (Relative: System.IO.Path.GetRelativePath(root, f).Replace(System.IO.Path.DirectorySeparatorChar, '/'), Full: f))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .ToList();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteStartArray("files");
            foreach (var (relative, full) in files)
            {
                var bytes = File.ReadAllBytes(full);
                json.WriteStartObject();
                json.WriteString("path", relative);
                json.WriteString("sha256", Convert.ToHexStringLower(SHA256.HashData(bytes)));
                json.WriteBase64String("content", bytes);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>SHA-256 (lower-case hex) of an archive: the period's <c>rulesSha256</c>.</summary>
    public static string Sha256(byte[] archive) => Convert.ToHexStringLower(SHA256.HashData(archive));

    /// <summary>
    /// Reads an archive, checking each file's SHA-256 and that its path stays inside the folder it is extracted to.
    /// Throws <see cref="InvalidDataException"/> (Chinese message) when it is not a valid archive.
    /// </summary>
    public static IReadOnlyList<Entry> Read(byte[] archive)
    {
        try
        {
            using var document = JsonDocument.Parse(archive);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.GetString() != Format)
            {
                throw new InvalidDataException($"规则归档格式不是 {Format}");
            }

            var entries = new List<Entry>();
            foreach (var file in root.GetProperty("files").EnumerateArray())
            {
                var path = file.GetProperty("path").GetString() ?? "";
                var content = file.GetProperty("content").GetBytesFromBase64();
                var sha = file.GetProperty("sha256").GetString();
                if (!SafePath(path))
                {
                    throw new InvalidDataException($"规则归档中的路径无效：{path}");
                }

                if (!string.Equals(sha, Convert.ToHexStringLower(SHA256.HashData(content)), StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"规则归档中的文件 {path} 与其 SHA-256 不符");
                }

                entries.Add(new Entry(path, sha!, content));
            }

            return entries;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException("规则归档无法读取：" + e.Message, e);
        }
    }

    /// <summary>Writes the archived files under <paramref name="directory"/> (which should be new and empty).</summary>
    public static void Extract(byte[] archive, string directory)
    {
        var root = System.IO.Path.GetFullPath(directory);
        foreach (var entry in Read(archive))
        {
            var target = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, entry.Path));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, entry.Content);
        }
    }

    /// <summary>A relative path of plain segments: not rooted, no empty, <c>.</c> or <c>..</c> segment, no backslash or colon.</summary>
    private static bool SafePath(string path) =>
        path.Length > 0
        && path[0] != '/'
        && !path.Contains('\\', StringComparison.Ordinal)
        && !path.Contains(':', StringComparison.Ordinal)
        && !path.Contains('\0', StringComparison.Ordinal)
        && path.Split('/').All(segment => segment.Length > 0 && segment != "." && segment != "..");
}
