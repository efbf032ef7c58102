using Loudou.Cli;

return await LoudouCli.RunAsync(args, Console.Out, Console.Error);
