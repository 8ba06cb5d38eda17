namespace Monitor.Crawler.Tests;
