using Loudou.Core.Scoring;

namespace Loudou.Core.Tests.Scoring;

/// <summary>The A/B/C cuts worked by hand: score bands alone, then score × value with a large-deal amount.</summary>
public class ValueLayersTests
{
    [Theory]
    [InlineData(0.40, "A")]
    [InlineData(0.95, "A")]
    [InlineData(0.3999, "B")]
    [InlineData(0.15, "B")]
    [InlineData(0.1499, "C")]
    [InlineData(0.0, "C")]
    public void Without_a_large_deal_amount_the_score_band_is_the_layer(double score, string layer) =>
        Assert.Equal(layer, ValueLayers.Of(score, 1_000_000m, new LayerThresholds(0.4, 0.15, null)));

    [Theory]
    [InlineData(0.5, 100_000.0, "A")] // high and large
    [InlineData(0.5, 99_999.99, "B")] // high and small
    [InlineData(0.5, null, "B")] // no amount counts as small
    [InlineData(0.2, 100_000.0, "B")] // medium and large
    [InlineData(0.2, 10.0, "C")] // medium and small
    [InlineData(0.05, 5_000_000.0, "C")] // low, however large
    public void With_a_large_deal_amount_a_large_deal_rises_a_layer_and_A_needs_both(double score, double? amount, string layer) =>
        Assert.Equal(layer, ValueLayers.Of(score, (decimal?)amount, new LayerThresholds(0.4, 0.15, 100_000m)));

    [Theory]
    [InlineData(0, 0.1, null, "layerHighScore")]
    [InlineData(1.2, 0.1, null, "layerHighScore")]
    [InlineData(0.4, 0.4, null, "layerLowScore")]
    [InlineData(0.4, -0.1, null, "layerLowScore")]
    [InlineData(0.4, 0.1, 0.0, "layerLargeAmount")]
    public void Cuts_out_of_range_or_order_are_refused_naming_the_field(double high, double low, double? large, string field) =>
        Assert.Equal(field, Assert.Throws<DomainRuleException>(() => LayerThresholds.Check(high, low, (decimal?)large)).Field);
}
