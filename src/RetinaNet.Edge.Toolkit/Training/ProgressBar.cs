namespace RetinaNet.Edge.Toolkit.Training;

/// <summary>A one-line progress bar with loss and throughput on a terminal; periodic plain lines otherwise (CI logs).</summary>
internal sealed class ProgressBar(int total, TextWriter output)
{
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private DateTime _lastLine = DateTime.MinValue;

    public void Report(int done, string status)
    {
        var now = DateTime.UtcNow;
        if (_interactive)
        {
            const int width = 30;
            int filled = (int)((long)width * done / Math.Max(1, total));
            output.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {done}/{total} {status}   ");
            if (done == total) output.WriteLine();
        }
        else if (now - _lastLine > TimeSpan.FromSeconds(30) || done == total)
        {
            output.WriteLine($"{done}/{total} {status}");
            _lastLine = now;
        }
    }

    public void Line(string text)
    {
        if (_interactive) output.WriteLine();
        output.WriteLine(text);
    }
}
