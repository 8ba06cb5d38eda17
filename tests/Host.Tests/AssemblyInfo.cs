namespace Monitor.Host.Tests;
