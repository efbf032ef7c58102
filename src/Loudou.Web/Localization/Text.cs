namespace Loudou.Web.Localization;

/// <summary>The pages' text: <c>IStringLocalizer&lt;Text&gt;</c> reads Resources/Localization/Text.resx (English) and Text.zh-CN.resx.</summary>
/// <remarks>One resource pair for the whole app, so a word is translated once and reads the same on every page (docs/glossary.md).</remarks>
public sealed class Text;
