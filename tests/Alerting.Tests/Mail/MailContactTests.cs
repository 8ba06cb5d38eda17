using Monitor.Alerting.Mail;

namespace Monitor.Alerting.Tests.Mail;

public sealed class MailContactTests
{
    [Theory]
    [InlineData("")]
    [InlineData("no-at-sign")]
    [InlineData("@example.gov.cn")]
    [InlineData("gk@")]
    [InlineData("gk @example.gov.cn")]
    public void An_address_that_cannot_receive_mail_is_refused(string address)
    {
        Assert.Throws<ArgumentException>(() => new MailContact("联络员", address));
    }

    [Fact]
    public void A_plain_address_is_kept()
    {
        Assert.Equal("gk@jyj.example.gov.cn", new MailContact("联络员", "gk@jyj.example.gov.cn").Address);
    }
}
