using Monitor.RuleEngine.Calendar;
using Monitor.RuleEngine.Loading;
using Monitor.RuleEngine.Rules;

namespace Monitor.RuleEngine.Tests.Support;

/// <summary>The repository's rules, loaded once for the evaluator tests.</summary>
internal static class Rules
{
    private static readonly RuleSetLoadResult Loaded = RuleSetLoader.Load(RepoPaths.Rules);

    public static RuleSet Set => Loaded.RuleSet ?? throw new InvalidOperationException(string.Join("\n", Loaded.Errors));

    public static WorkingDayCalendar Calendar => Loaded.Calendar!;
}
