using Loudou.Web;
using Loudou.Web.Startup;

var builder = WebApplication.CreateBuilder(args);
builder.AddLoudouWeb();

var app = builder.Build();
if (!await app.PrepareDatabaseAsync())
{
    return 1;
}
app.MapLoudouWeb();
await app.PrintWhereToGoOnStartAsync();

await app.RunAsync();
return 0;
