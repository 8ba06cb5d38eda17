namespace Monitor.Alerting;
