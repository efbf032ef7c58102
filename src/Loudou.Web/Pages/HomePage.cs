using System.Net;
using System.Text;
using Loudou.Storage;
using Loudou.Storage.Pipelines;
using Microsoft.EntityFrameworkCore;

namespace Loudou.Web.Pages;

/// <summary>A plain home page: the workspace's settings and pipelines.</summary>
/// <remarks>A placeholder until the Blazor app with sign-in replaces it; it shows only structure, no deals.</remarks>
public static class HomePage
{
    public static void MapHomePage(this WebApplication app) =>
        app.MapGet("/", async (LoudouDbContext db, CancellationToken cancellationToken) =>
        {
            var settings = await db.WorkspaceSettings.AsNoTracking().SingleAsync(cancellationToken);
            var pipelines = await new PipelineStore(db).ListAsync(cancellationToken);
            var html = new StringBuilder();
            html.Append("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>漏斗 Loudou</title>")
                .Append("<style>body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;margin:2rem;max-width:60rem}td,th{padding:.2rem .8rem;text-align:left}</style></head><body>")
                .Append("<h1>漏斗 Loudou</h1>")
                .Append("<p>时区 Time zone: ").Append(Encode(settings.TimeZoneId))
                .Append(" · 本位币 Base currency: ").Append(Encode(settings.BaseCurrency)).Append("</p>");
            foreach (var summary in pipelines)
            {
                html.Append("<h2>").Append(Encode(summary.Pipeline.Name.ZhCn)).Append(" / ").Append(Encode(summary.Pipeline.Name.En))
                    .Append(summary.IsDefault ? " (默认 default)" : "").Append("</h2><table><tr><th>#</th><th>阶段 Stage</th><th>类型 Kind</th><th>概率 Probability</th><th>商机 Deals</th></tr>");
                foreach (var stage in summary.Pipeline.Stages)
                {
                    html.Append("<tr><td>").Append(stage.Position + 1).Append("</td><td>")
                        .Append(Encode(stage.Name.ZhCn)).Append(" / ").Append(Encode(stage.Name.En)).Append("</td><td>")
                        .Append(stage.Kind).Append("</td><td>").Append(stage.DefaultProbability.ToString("P0", System.Globalization.CultureInfo.InvariantCulture))
                        .Append("</td><td>").Append(summary.DealsByStage[stage.Key]).Append("</td></tr>");
                }
                html.Append("</table>");
            }
            html.Append("</body></html>");
            return Results.Content(html.ToString(), "text/html; charset=utf-8");
        }).ExcludeFromDescription();

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
