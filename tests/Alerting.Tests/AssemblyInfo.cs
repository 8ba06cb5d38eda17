namespace Monitor.Alerting.Tests;
