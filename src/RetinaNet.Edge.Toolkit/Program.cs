using RetinaNet.Edge.Toolkit.Cli;

return ToolkitCli.Run(args);
