using System.Text.RegularExpressions;
using Monitor.RuleEngine.Rules;

namespace Monitor.RuleEngine.Evaluation;

/// <summary>Whether a content element is present in a document (patterns over title, body and attachment names, or a non-empty field).</summary>
internal static class ElementMatcher
{
    public static bool IsPresent(ItemElement element, ObservedDocument document)
    {
        if (element.Find.Field is { } field && HasField(field, document))
        {
            return true;
        }

        return element.Find.Patterns.Any(p =>
            Matches(p, document.Title) || Matches(p, document.BodyText) || document.Attachments.Any(a => Matches(p, a.Name)));
    }

    private static bool Matches(Regex pattern, string text)
    {
        try
        {
            return pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological page must not stall the evaluation; the element then counts as not found.
            return false;
        }
    }

    private static bool HasField(DocumentField field, ObservedDocument d) => field switch
    {
        DocumentField.Title => !string.IsNullOrWhiteSpace(d.Title),
        DocumentField.DocumentNumber => !string.IsNullOrWhiteSpace(d.DocumentNumber),
        DocumentField.Publisher => !string.IsNullOrWhiteSpace(d.Publisher),
        DocumentField.WrittenDate => d.WrittenDate is not null,
        DocumentField.PublishedAt => d.PublishedAt is not null,
        DocumentField.IndexNumber => !string.IsNullOrWhiteSpace(d.IndexNumber),
        DocumentField.Body => !string.IsNullOrWhiteSpace(d.BodyText),
        _ => false,
    };
}
