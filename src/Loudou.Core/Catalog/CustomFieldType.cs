namespace Loudou.Core.Catalog;

/// <summary>The type of a custom field's values.</summary>
/// <remarks>Stored by name, so members may be added but never renamed.</remarks>
public enum CustomFieldType
{
    Text,
    Number,
    Date,
    Boolean,
    Choice,

    /// <summary>Any number of the field's options; stored as the chosen options in the field's order, joined by ", ".</summary>
    MultiChoice,
}
