using System.Globalization;
using Microsoft.AspNetCore.Http;
using Monitor.Alerting;

namespace Monitor.Host.Api;

/// <summary>
/// The query string of one request, checked strictly: a parameter the endpoint does not know, a parameter given twice or
/// a value out of its range is a 400 naming the parameter — never silently ignored, so a typo cannot widen an answer.
/// The first problem found is kept in <see cref="Error"/>; later checks then do nothing.
/// </summary>
internal sealed class ApiQuery
{
    private readonly IQueryCollection query;

    private ApiQuery(IQueryCollection query) => this.query = query;

    /// <summary>The first problem found, as a 400 response; null while the query is valid.</summary>
    public IResult? Error { get; private set; }

    /// <summary>Checks that every parameter is one of <paramref name="known"/> and given at most once.</summary>
    public static ApiQuery Of(HttpContext context, params string[] known)
    {
        var q = new ApiQuery(context.Request.Query);
        foreach (var (name, values) in context.Request.Query)
        {
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                q.Fail(name, known.Length == 0 ? $"此接口不接受查询参数，收到未知参数 {name}" : $"未知的查询参数 {name}；可用参数：{string.Join("、", known)}", known);
                break;
            }

            if (values.Count > 1)
            {
                q.Fail(name, $"参数 {name} 只能给出一次");
                break;
            }
        }

        return q;
    }

    /// <summary>The parameter's value; null when absent or empty.</summary>
    public string? Text(string name) => query.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v.ToString()) ? v.ToString() : null;

    /// <summary>The value when it is one of <paramref name="allowed"/>; <paramref name="fallback"/> when absent.</summary>
    public string? OneOf(string name, IReadOnlyList<string> allowed, string? fallback = null)
    {
        var value = Text(name);
        if (value is null)
        {
            return fallback;
        }

        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            Fail(name, $"参数 {name} 的值“{value}”无效；可用值：{string.Join("、", allowed)}", allowed);
            return fallback;
        }

        return value;
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>]; <paramref name="fallback"/> when absent.</summary>
    public int Int(string name, int fallback, int min, int max)
    {
        var text = Text(name);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            Fail(name, $"参数 {name} 应为 {min} 到 {max} 之间的整数，收到“{text}”");
            return fallback;
        }

        return value;
    }

    /// <summary>
    /// A point in time: a date <c>yyyy-MM-dd</c> (00:00 Asia/Shanghai) or an ISO 8601 time with its offset; null when absent.
    /// </summary>
    public DateTimeOffset? Time(string name)
    {
        var text = Text(name);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return ChinaTime.StartOf(date);
        }

        if (text.Length > 10 && (text.EndsWith('Z') || text[^6] is '+' or '-')
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        Fail(name, $"参数 {name} 应为日期 yyyy-MM-dd（北京时间）或带时区的 ISO 8601 时间，收到“{text}”");
        return null;
    }

    /// <summary><c>page</c> (from 1) and <c>pageSize</c> (1 to <see cref="ApiOptions.MaxPageSize"/>, default <see cref="ApiOptions.DefaultPageSize"/>).</summary>
    public (int Page, int PageSize) Paging(ApiOptions options)
    {
        var page = Int("page", 1, 1, int.MaxValue);
        var size = Int("pageSize", options.DefaultPageSize, 1, options.MaxPageSize);
        return (page, size);
    }

    public void Fail(string parameter, string detail, IReadOnlyList<string>? allowed = null) =>
        Error ??= ApiProblem.BadParameter(parameter, detail, allowed);
}

/// <summary>One page of a list answer, with the order it was sorted in.</summary>
internal sealed record ApiPage<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total, string Sort)
{
    /// <summary>The page of an already sorted list.</summary>
    public static ApiPage<T> Of(IReadOnlyList<T> sorted, int page, int pageSize, string sort)
    {
        var skip = (long)(page - 1) * pageSize;
        var items = skip >= sorted.Count ? [] : sorted.Skip((int)skip).Take(pageSize).ToList();
        return new ApiPage<T>(items, page, pageSize, sorted.Count, sort);
    }

    public bool HasNext => (long)Page * PageSize < Total;
}

/// <summary>The <c>Link</c> header of a paged answer (RFC 8288), relative to the request's own path.</summary>
internal static class ApiPaging
{
    public static void AddLinks(HttpContext context, int page, int pageSize, int total)
    {
        var links = new List<string>();
        if ((long)page * pageSize < total)
        {
            links.Add($"<{PageUrl(context, page + 1)}>; rel=\"next\"");
        }

        if (page > 1 && total > 0)
        {
            var last = Math.Max(1, (int)Math.Ceiling(total / (double)pageSize));
            links.Add($"<{PageUrl(context, Math.Min(page - 1, last))}>; rel=\"prev\"");
        }

        if (links.Count > 0)
        {
            context.Response.Headers.Link = string.Join(", ", links);
        }
    }

    /// <summary>The request's path and query with <c>page</c> replaced; other parameters keep their order.</summary>
    private static string PageUrl(HttpContext context, int page)
    {
        var parts = context.Request.Query
            .Where(p => p.Key != "page")
            .Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value.ToString()))
            .Append("page=" + page.ToString(CultureInfo.InvariantCulture));
        return context.Request.PathBase + context.Request.Path + "?" + string.Join("&", parts);
    }
}
