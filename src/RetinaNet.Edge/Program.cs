using RetinaNet.Edge.Hosting;

return await EdgeAgentCli.RunAsync(args);
