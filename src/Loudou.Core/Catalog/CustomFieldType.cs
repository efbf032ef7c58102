namespace Loudou.Core.Catalog;

/// <summary>The type of a custom field's values.</summary>
public enum CustomFieldType
{
    Text,
    Number,
    Date,
    Boolean,
    Choice,
}
