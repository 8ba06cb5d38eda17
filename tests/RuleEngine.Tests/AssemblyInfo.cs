namespace Monitor.RuleEngine.Tests;
