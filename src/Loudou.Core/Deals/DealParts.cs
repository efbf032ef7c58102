namespace Loudou.Core.Deals;

/// <summary>A product on a deal, with quantity and the price agreed.</summary>
public sealed class DealProduct
{
    internal DealProduct(int productId, decimal quantity, decimal? unitPrice)
    {
        ProductId = productId;
        Quantity = quantity;
        UnitPrice = unitPrice;
    }

    public long DealId { get; private set; }

    public int ProductId { get; private set; }

    public decimal Quantity { get; internal set; }

    public decimal? UnitPrice { get; internal set; }
}

/// <summary>A tag on a deal.</summary>
public sealed class DealTag
{
    internal DealTag(int tagId) => TagId = tagId;

    public long DealId { get; private set; }

    public int TagId { get; private set; }
}

/// <summary>A deal's value of a custom field, in the field's canonical text form.</summary>
public sealed class CustomFieldValue
{
    internal CustomFieldValue(int customFieldId, string value)
    {
        CustomFieldId = customFieldId;
        Value = value;
    }

    public long DealId { get; private set; }

    public int CustomFieldId { get; private set; }

    public string Value { get; internal set; }
}

/// <summary>A standard action done on a deal: which, by whom, when.</summary>
public sealed class ActionCompletion
{
    internal ActionCompletion(int stageActionId, int? completedByUserId, DateTimeOffset completedAt)
    {
        StageActionId = stageActionId;
        CompletedByUserId = completedByUserId;
        CompletedAt = completedAt;
    }

    public long Id { get; private set; }

    public long DealId { get; private set; }

    public int StageActionId { get; private set; }

    public int? CompletedByUserId { get; private set; }

    public DateTimeOffset CompletedAt { get; private set; }
}
