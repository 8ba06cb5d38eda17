using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace Monitor.Host.Logging;

/// <summary>Renders a <see cref="Secret"/> as its mask when an object holding one is destructured (<c>{@Options}</c>).</summary>
internal sealed class SecretDestructuringPolicy : IDestructuringPolicy
{
    public bool TryDestructure(object value, ILogEventPropertyValueFactory propertyValueFactory, out LogEventPropertyValue result)
    {
        if (value is Secret)
        {
            result = new ScalarValue(Secret.Mask);
            return true;
        }

        result = null!;
        return false;
    }
}

/// <summary>
/// The last line of defence: every event passes through here before any sink sees it, and each
/// configured secret value is replaced by the mask in the message template, every text property
/// (nested ones too) and the exception text. A server's error body that echoes a token, or an
/// exception message that quotes a URL with a password, is therefore masked as well.
/// </summary>
internal sealed class SecretScrubbingSink(ILogEventSink inner, IReadOnlyList<string> secrets) : ILogEventSink
{
    private static readonly MessageTemplateParser Parser = new();

    public void Emit(LogEvent logEvent)
    {
        if (secrets.Count == 0 || !Contains(logEvent))
        {
            inner.Emit(logEvent);
            return;
        }

        var template = Parser.Parse(Scrub(logEvent.MessageTemplate.Text));
        var properties = logEvent.Properties.Select(p => new LogEventProperty(p.Key, Scrub(p.Value)));
        var exception = logEvent.Exception is { } e ? new ScrubbedException(Scrub(e.ToString())) : null;
        inner.Emit(new LogEvent(logEvent.Timestamp, logEvent.Level, exception, template, properties));
    }

    private bool Contains(LogEvent logEvent)
    {
        // Rendering once is cheaper than walking every event's properties; most events carry no secret.
        using var text = new StringWriter();
        logEvent.RenderMessage(text);
        var all = logEvent.MessageTemplate.Text + "\n" + text + "\n" + string.Join("\n", logEvent.Properties.Values) + "\n" + logEvent.Exception;
        return secrets.Any(s => all.Contains(s, StringComparison.Ordinal));
    }

    private string Scrub(string text)
    {
        foreach (var secret in secrets)
        {
            text = text.Replace(secret, Secret.Mask, StringComparison.Ordinal);
        }

        return text;
    }

    private LogEventPropertyValue Scrub(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string s } => new ScalarValue(Scrub(s)),
        ScalarValue { Value: Uri u } => new ScalarValue(Scrub(u.ToString())),
        ScalarValue { Value: not null and not ValueType } scalar => new ScalarValue(Scrub(scalar.Value.ToString() ?? "")),
        SequenceValue sequence => new SequenceValue(sequence.Elements.Select(Scrub)),
        StructureValue structure => new StructureValue(structure.Properties.Select(p => new LogEventProperty(p.Name, Scrub(p.Value))), structure.TypeTag),
        DictionaryValue dictionary => new DictionaryValue(dictionary.Elements.Select(kv => new KeyValuePair<ScalarValue, LogEventPropertyValue>(kv.Key, Scrub(kv.Value)))),
        _ => value,
    };

    /// <summary>Stands in for an exception whose text had to be masked; keeps the masked text as its rendering.</summary>
    private sealed class ScrubbedException : Exception
    {
        private readonly string text;

        public ScrubbedException(string text)
            : base(text) => this.text = text;

        public override string ToString() => text;
    }
}
