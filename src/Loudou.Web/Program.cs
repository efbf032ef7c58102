using Loudou.Web;
using Loudou.Web.Startup;

var builder = WebApplication.CreateBuilder(args);
builder.AddLoudouWeb();

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.MapLoudouWeb();
app.PrintWhereToGoOnStart();

await app.RunAsync();
