namespace Loudou.Core.Import;

/// <summary>What an import writes; the word after <c>loudou import</c>.</summary>
public enum ImportEntity
{
    Deals,
    Accounts,
    Contacts,
    Activities,

    /// <summary>Stage history rows of deals already imported: (deal external id, stage, entered at).</summary>
    History,
}
