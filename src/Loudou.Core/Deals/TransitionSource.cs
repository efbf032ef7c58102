namespace Loudou.Core.Deals;

/// <summary>How a stage history row came to be.</summary>
public enum TransitionSource
{
    /// <summary>A person moved the deal in the web app.</summary>
    App,

    /// <summary>Another system moved it through the REST API.</summary>
    Api,

    /// <summary>Read from a file or another database by an import or pull.</summary>
    Import,

    /// <summary>Written by Loudou itself: the demo generator, an automatic rule.</summary>
    System,
}
