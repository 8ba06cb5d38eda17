namespace Monitor.SamplePortal;
