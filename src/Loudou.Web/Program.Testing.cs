// Lets WebApplicationFactory<Program> in Loudou.Web.Tests reach the host's entry point.
public partial class Program;
