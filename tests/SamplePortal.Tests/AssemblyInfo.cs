namespace Monitor.SamplePortal.Tests;
