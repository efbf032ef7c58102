using MudBlazor;

namespace Loudou.Web.Components.Layout;

/// <summary>One accent colour and system fonts with the CJK face the machines have (no web font to fetch).</summary>
public static class LoudouTheme
{
    private static readonly string[] Fonts = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#0b5cad",
            AppbarBackground = "#0b3d91",
            Background = "#f7f8fa",
            DrawerBackground = "#ffffff",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = Fonts },
            H1 = new H1Typography { FontFamily = Fonts },
            H5 = new H5Typography { FontFamily = Fonts, FontWeight = "600" },
            H6 = new H6Typography { FontFamily = Fonts, FontWeight = "600" },
            Button = new ButtonTypography { FontFamily = Fonts, TextTransform = "none" },
        },
        LayoutProperties = new LayoutProperties { AppbarHeight = "56px" },
    };
}
