using System.Net;
using System.Text;
using Loudou.Core.Alerts.Delivery;

namespace Loudou.Core.Tests.Alerts;

/// <summary>
/// What outgoing messages carry, against an independent reference: the signatures were computed with Python's own
/// hmac, hashlib and base64 modules from each receiver's documented recipe; the addresses and waits are worked by hand.
/// </summary>
public class DeliveryTests
{
    [Fact]
    public void The_webhook_signature_is_hex_hmac_sha256_of_timestamp_dot_body() =>
        Assert.Equal(
            "sha256=99d57f9ceb5b0d8a5806191ce60e557eba8ab34304905b6b98e8cc1e62bacc32",
            Signatures.Webhook("whsec-1", 1765090000, Encoding.UTF8.GetBytes("{\"kind\":\"rotting\",\"deal\":\"漏斗 #1\"}")));

    [Fact]
    public void The_dingtalk_signature_is_keyed_with_the_secret_over_timestamp_and_secret() =>
        Assert.Equal("nR5BAGjR5VLfywFoDDCkbyecY/X3EJhCQ8rvLImpCHw=", Signatures.DingTalk("SECdemo", 1765090000000));

    [Fact]
    public void The_feishu_signature_is_keyed_with_timestamp_and_secret_over_nothing_and_sits_in_the_body()
    {
        Assert.Equal("tyDxrelfW3bZwHaxbmIcZxm+IMOZg8iBq8CRvbuP3Ws=", Signatures.Feishu("SECdemo", 1765090000));
        var body = BotMessages.Text(BotKind.Feishu, "提醒", "SECdemo", DateTimeOffset.FromUnixTimeSeconds(1765090000));
        Assert.Equal("""{"timestamp":"1765090000","sign":"tyDxrelfW3bZwHaxbmIcZxm\u002BIMOZg8iBq8CRvbuP3Ws=","msg_type":"text","content":{"text":"\u63D0\u9192"}}""", body.ToJsonString());
        Assert.Equal("""{"msg_type":"text","content":{"text":"x"}}""", BotMessages.Text(BotKind.Feishu, "x", null, DateTimeOffset.UnixEpoch).ToJsonString());
    }

    [Theory]
    [InlineData(BotKind.WeCom)]
    [InlineData(BotKind.DingTalk)]
    public void Wecom_and_dingtalk_take_a_text_message(BotKind kind) =>
        Assert.Equal("""{"msgtype":"text","text":{"content":"x"}}""", BotMessages.Text(kind, "x", "secret", DateTimeOffset.UnixEpoch).ToJsonString());

    [Theory]
    [InlineData("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc", false, true)]
    [InlineData("http://203.0.114.9/hook", false, true)]
    [InlineData("http://127.0.0.1:8080/hook", false, false)]
    [InlineData("http://localhost/hook", false, false)]
    [InlineData("http://10.1.2.3/hook", false, false)]
    [InlineData("http://172.20.0.1/hook", false, false)]
    [InlineData("http://192.168.1.10/hook", false, false)]
    [InlineData("http://169.254.169.254/latest/meta-data", false, false)]
    [InlineData("http://100.64.0.1/hook", false, false)]
    [InlineData("http://[::1]/hook", false, false)]
    [InlineData("http://[fd00::1]/hook", false, false)]
    [InlineData("http://[::ffff:10.0.0.1]/hook", false, false)]
    [InlineData("http://127.0.0.1:8080/hook", true, true)]
    [InlineData("ftp://example.com/hook", true, false)]
    [InlineData("https://user:pw@example.com/hook", true, false)]
    [InlineData("not a url", true, false)]
    public void A_target_on_a_private_address_is_refused_unless_allowed(string url, bool allowPrivate, bool accepted) =>
        Assert.Equal(accepted, TargetAddress.Problem(url, allowPrivate) is null);

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("2400:3200::1", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("fe80::1", false)]
    public void Only_public_addresses_are_public(string address, bool isPublic) =>
        Assert.Equal(isPublic, TargetAddress.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public void A_failed_delivery_waits_1_2_4_minutes_and_so_on_up_to_an_hour_and_stops_after_a_day()
    {
        var first = new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(first.AddMinutes(1), DeliveryBackoff.NextAttempt(1, first, first));
        Assert.Equal(first.AddMinutes(10 + 4), DeliveryBackoff.NextAttempt(3, first, first.AddMinutes(10)));
        Assert.Equal(first.AddHours(5 + 1), DeliveryBackoff.NextAttempt(7, first, first.AddHours(5)));
        Assert.Equal(first.AddHours(5 + 1), DeliveryBackoff.NextAttempt(30, first, first.AddHours(5)));
        Assert.Equal(first.AddHours(24), DeliveryBackoff.NextAttempt(30, first, first.AddHours(23)));
        Assert.Null(DeliveryBackoff.NextAttempt(30, first, first.AddHours(23).AddMinutes(1)));
    }
}
