namespace RetinaNet.Edge.Tests.Integration.Fixtures;

/// <summary>The agent as its own process (<c>dotnet retinanet-edge.dll run --config …</c>), so that a test can
/// kill it with SIGKILL as a power cut or the OOM killer would.</summary>
internal sealed class AgentProcess : IDisposable
{
    private readonly ExternalProcess _process;

    public AgentProcess(string agentJson)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "retinanet-edge.dll");
        _process = new ExternalProcess("dotnet", dll, "run", "--config", agentJson);
        _process.Environment["DOTNET_gcServer"] = "0";
    }

    public string Output => _process.Output;
    public int? Pid => _process.Pid;
    public string ErrorOutput => _process.ErrorOutput;
    public void Start() => _process.Start();
    public void KillHard() => _process.KillHard();
    public (int? ExitCode, TimeSpan Took) Terminate(TimeSpan? timeout = null) => _process.Terminate(timeout);
    public void Dispose() => _process.Dispose();
}
