using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using RetinaNet.Edge.Tests.Integration.Fixtures;
using Xunit.Abstractions;

namespace RetinaNet.Edge.Tests.Integration;

/// <summary>Cameras changed while the agent process runs (a real process, a real broker, real decoder children):
/// camera files added, changed, broken and removed, the camera API, and a burst of edits.</summary>
public class LiveCameraTests(SyntheticVideo video, ITestOutputHelper output) : IClassFixture<SyntheticVideo>
{
    private string Camera(string name, string extra = "", double detectFps = 5, double minScore = 0.3) =>
        string.Create(CultureInfo.InvariantCulture, $$"""{ "name": "{{name}}", "url": "{{video.Path}}", "loop": true, "detectFps": {{detectFps}}, "minScore": {{minScore:0.###}}{{extra}} }""");

    [Fact]
    public async Task CameraFiles_AddChangeBreakRemove_AppliedLiveWithoutTouchingTheOtherCamera()
    {
        using var broker = new Mosquitto();
        await broker.StartAsync();
        await using var sub = await MqttCollector.ConnectAsync(broker.Port, "test/#");
        var (dir, httpPort) = Folder(broker.Port);
        using var agent = new AgentProcess(Path.Combine(dir, "agent.json"));
        agent.Start();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(10) };
        Assert.True(await sub.WaitFor(s => Events(s, "cam1").Count() >= 5, TimeSpan.FromSeconds(60)), "no events from cam1: " + agent.Output);
        int pid = agent.Pid!.Value;
        var cam1Decoder = Decoders(pid).Single();
        var statusBefore = await Status(http, "cam1");

        // Add a second camera: it starts within 2 s; the first keeps its decoder, its connection and its frames.
        var sw = Stopwatch.StartNew();
        File.WriteAllText(Path.Combine(dir, "cameras", "cam2.json"), Camera("cam2"));
        Assert.True(await sub.WaitFor(s => Status(s, "cam2") is not null, TimeSpan.FromSeconds(10)), "cam2 never announced: " + agent.Output);
        var announced = sw.Elapsed;
        Assert.True(await sub.WaitFor(s => Status(s, "cam2")?.GetProperty("state").GetString() == "streaming", TimeSpan.FromSeconds(15)));
        var streaming = sw.Elapsed;
        Assert.True(await sub.WaitFor(s => Events(s, "cam2").Any(), TimeSpan.FromSeconds(30)), "no events from cam2");
        output.WriteLine($"camera file added -> camera announced {announced.TotalMilliseconds:F0} ms, streaming {streaming.TotalMilliseconds:F0} ms");
        Assert.Equal(2, Decoders(pid).Count);
        Assert.Contains(cam1Decoder, Decoders(pid));
        var statusAfter = await Status(http, "cam1");
        Assert.Equal(statusBefore.GetProperty("reconnects").GetInt64(), statusAfter.GetProperty("reconnects").GetInt64());
        output.WriteLine($"cam1 while cam2 was added: frames in {statusBefore.GetProperty("framesIn")} -> {statusAfter.GetProperty("framesIn")}, " +
            $"dropped {statusBefore.GetProperty("framesDropped")} -> {statusAfter.GetProperty("framesDropped")}");

        // Change cam1's zones (not its source): applied on the next frames, same decoder, tracks keep their ids.
        var idsBefore = Events(sub, "cam1").Where(e => e.GetProperty("type").GetString() != "end").Select(e => e.GetProperty("trackId").GetInt32()).ToHashSet();
        int seen = sub.Messages.Count;
        sw.Restart();
        File.WriteAllText(Path.Combine(dir, "cameras", "cam1.json"), Camera("cam1", """, "zones": [ { "name": "all", "points": [[0, 0], [640, 0], [640, 360], [0, 360]] } ]"""));
        Assert.True(await sub.WaitFor(s => s.Messages.Any(m => m.Topic == "test/cameras/cam1/zones/all/count"), TimeSpan.FromSeconds(15)), "the new zone never counted: " + agent.Output);
        output.WriteLine($"zone added -> first zone count {sw.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Contains(cam1Decoder, Decoders(pid));
        var later = sub.Messages.Skip(seen).Where(m => m.Topic == "test/cameras/cam1/events").Select(m => JsonDocument.Parse(m.Payload).RootElement).ToList();
        Assert.Contains(later, e => e.GetProperty("type").GetString() == "update" && idsBefore.Contains(e.GetProperty("trackId").GetInt32()));
        Assert.Contains("zones changed, applied from the next frame", agent.Output, StringComparison.Ordinal);

        // A broken file: cam2 keeps running as it was; the reason is logged, in /readyz and in its status.
        File.WriteAllText(Path.Combine(dir, "cameras", "cam2.json"), Camera("cam2", detectFps: 1000));
        Assert.True(await Eventually(async () => (await Status(http, "cam2")).TryGetProperty("configError", out _), TimeSpan.FromSeconds(10)), "no configError: " + agent.Output);
        var cam2 = await Status(http, "cam2");
        Assert.Equal("streaming", cam2.GetProperty("state").GetString());
        Assert.Contains("detectFps", cam2.GetProperty("configError").GetString(), StringComparison.Ordinal);
        var ready = await http.GetAsync(new Uri("readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("cam2", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Camera file not applied", agent.Output, StringComparison.Ordinal);
        Assert.Equal(2, Decoders(pid).Count);

        // Remove cam2: its tracks end, its retained topics are cleared, its decoder is gone.
        var cam2Opened = Events(sub, "cam2", "new").Select(e => e.GetProperty("trackId").GetInt32()).ToHashSet();
        sw.Restart();
        File.Delete(Path.Combine(dir, "cameras", "cam2.json"));
        Assert.True(await sub.WaitFor(s => cam2Opened.All(id => Events(s, "cam2", "end").Any(e => e.GetProperty("trackId").GetInt32() == id)), TimeSpan.FromSeconds(10)),
            "cam2's tracks did not all end: " + agent.Output);
        output.WriteLine($"camera file removed -> {cam2Opened.Count} tracks ended within {sw.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(await Eventually(() => Task.FromResult(Decoders(pid).Count == 1), TimeSpan.FromSeconds(5)));
        await Task.Delay(1000);
        await using (var fresh = await MqttCollector.ConnectAsync(broker.Port, "test/cameras/cam2/#"))
        {
            await Task.Delay(1500);
            Assert.DoesNotContain(fresh.Messages, m => m.Retain && m.Payload.Length > 0);
        }
        await using (var fresh = await MqttCollector.ConnectAsync(broker.Port, "test/cameras/cam1/status"))
            Assert.True(await fresh.WaitFor(s => s.Messages.Any(m => m.Retain && m.Payload.Length > 0), TimeSpan.FromSeconds(5)), "cam1's retained status went too");
        Assert.Equal(cam1Decoder, Decoders(pid).Single());
        Assert.DoesNotContain("Unhandled exception", agent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CameraApi_CreateRefuseDeleteAndFiftyRapidEdits_FilesAreTheTruthNothingLeaks()
    {
        using var broker = new Mosquitto();
        await broker.StartAsync();
        var (dir, httpPort) = Folder(broker.Port);
        using var agent = new AgentProcess(Path.Combine(dir, "agent.json"));
        agent.Start();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(15) };
        Assert.True(await Eventually(async () => (await Status(http, "cam1")).GetProperty("state").GetString() == "streaming", TimeSpan.FromSeconds(60)), agent.Output);
        int pid = agent.Pid!.Value;

        // Create: validated, written atomically to cameras/cam3.json, running when the answer comes.
        var created = await Send(http, HttpMethod.Put, "api/config/cameras/cam3", Camera("cam3"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var file = Path.Combine(dir, "cameras", "cam3.json");
        Assert.Equal("cam3", JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetProperty("name").GetString());
        Assert.True(await Eventually(() => Task.FromResult(Decoders(pid).Count == 2), TimeSpan.FromSeconds(5)));
        Assert.Empty(Directory.GetFiles(Path.Combine(dir, "cameras"), ".*")); // no temporary file left
        // Refused: a document that fails validation (the file is untouched), a name that is not the path's.
        var bad = await Send(http, HttpMethod.Put, "api/config/cameras/cam3", Camera("cam3", detectFps: 0));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("detectFps", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("detectFps\": 0", File.ReadAllText(file), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(http, HttpMethod.Put, "api/config/cameras/cam3", Camera("other"))).StatusCode);
        // Refused before it is written: a url that is a file but no video (ffprobe says so), a body that is not UTF-8.
        var notVideo = Path.Combine(dir, "notes.txt");
        File.WriteAllText(notVideo, "not a video");
        var probed = await Send(http, HttpMethod.Put, "api/config/cameras/cam4", Camera("cam4").Replace(video.Path, notVideo, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, probed.StatusCode);
        Assert.Contains("not a readable video", await probed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "cameras", "cam4.json")));
        using (var latin1 = new HttpRequestMessage(HttpMethod.Put, new Uri("api/config/cameras/cam5", UriKind.Relative)) { Content = new ByteArrayContent([.. Encoding.UTF8.GetBytes(Camera("cam5"))[..^2], 0xE9, (byte)'"', (byte)'}']) })
        {
            var notUtf8 = await http.SendAsync(latin1);
            Assert.Equal(HttpStatusCode.BadRequest, notUtf8.StatusCode);
            Assert.Contains("not UTF-8 text: byte 0xE9", await notUtf8.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var valid = await Send(http, HttpMethod.Post, "api/config/cameras/cam9/validate", Camera("cam9"));
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.False(File.Exists(Path.Combine(dir, "cameras", "cam9.json")));
        var list = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/config/cameras", UriKind.Relative))).RootElement;
        Assert.Equal("cam1 cam3", string.Join(' ', list.EnumerateArray().Select(c => c.GetProperty("name").GetString())));
        // Delete: the file goes, the camera stops.
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync(new Uri("api/config/cameras/cam3", UriKind.Relative))).StatusCode);
        Assert.False(File.Exists(file));
        Assert.Single(Decoders(pid));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("api/config/cameras/cam3", UriKind.Relative))).StatusCode);

        // 50 edits in 5 s — settings and sources (detectFps) mixed, through files and the API — end in the last state.
        int threadsBefore = Threads(pid);
        var cam1File = Path.Combine(dir, "cameras", "cam1.json");
        for (int i = 0; i < 50; i++)
        {
            var body = Camera("cam1", detectFps: 4 + (i % 3), minScore: 0.3 + (i * 0.001));
            if (i % 2 == 0) File.WriteAllText(cam1File, body);
            else Assert.True((await Send(http, HttpMethod.Put, "api/config/cameras/cam1", body)).IsSuccessStatusCode);
            await Task.Delay(100);
        }
        await Task.Delay(3000);
        var last = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/config/cameras/cam1", UriKind.Relative))).RootElement.GetProperty("camera");
        Assert.Equal(0.349, last.GetProperty("minScore").GetDouble(), 3);
        Assert.Equal(4 + (49 % 3), last.GetProperty("detectFps").GetDouble());
        var decoder = Decoders(pid).Single(); // one decoder, started for the last detectFps (select keeps 90 % of its interval)
        Assert.Contains(FormattableString.Invariant($"{0.9 / (4 + (49 % 3)):0.######}"), decoder.CommandLine, StringComparison.Ordinal);
        Assert.True(await Eventually(async () => (await Status(http, "cam1")).GetProperty("state").GetString() == "streaming", TimeSpan.FromSeconds(20)));
        int threadsAfter = Threads(pid);
        output.WriteLine($"50 edits: threads {threadsBefore} -> {threadsAfter}, decoders {Decoders(pid).Count}");
        Assert.InRange(threadsAfter, 0, threadsBefore + 4);
        Assert.DoesNotContain("Unhandled exception", agent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadOnlyInstall_RefusesCameraWrites_AgentFileEditsApplyLiveKeysOnly()
    {
        var (dir, httpPort) = Folder(Ports.Free(), embedded: true, http: "\"readOnly\": true");
        using var agent = new AgentProcess(Path.Combine(dir, "agent.json"));
        agent.Start();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(10) };
        Assert.True(await Eventually(async () => (await Status(http, "cam1")).ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(60)), agent.Output);
        var put = await Send(http, HttpMethod.Put, "api/config/cameras/cam3", Camera("cam3"));
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Contains("read-only", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.DeleteAsync(new Uri("api/config/cameras/cam1", UriKind.Relative))).StatusCode);
        Assert.True(File.Exists(Path.Combine(dir, "cameras", "cam1.json")));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("api/config/cameras/cam1", UriKind.Relative))).StatusCode);

        // agent.json edited while running: the live view's quality applies at once, the broker keep-alive waits for a
        // restart (and says so), a broken edit changes nothing and names the key.
        var agentJson = Path.Combine(dir, "agent.json");
        var original = File.ReadAllText(agentJson);
        File.WriteAllText(agentJson, original.Replace("\"keepAliveSeconds\": 2", "\"keepAliveSeconds\": 3", StringComparison.Ordinal)
            .Replace("\"http\": {", "\"liveView\": { \"jpegQuality\": 55 }, \"http\": {", StringComparison.Ordinal));
        Assert.True(SpinWait.SpinUntil(() => agent.Output.Contains("applied while running: liveView.jpegQuality", StringComparison.Ordinal), TimeSpan.FromSeconds(15)), agent.Output);
        Assert.True(SpinWait.SpinUntil(() => agent.Output.Contains("mqtt.keepAliveSeconds apply only when the agent restarts", StringComparison.Ordinal), TimeSpan.FromSeconds(5)), agent.Output);
        File.WriteAllText(agentJson, original.Replace("\"http\": {", "\"liveView\": { \"jpegQuality\": 5 }, \"http\": {", StringComparison.Ordinal));
        Assert.True(SpinWait.SpinUntil(() => agent.Output.Contains("'liveView.jpegQuality' = 5", StringComparison.Ordinal), TimeSpan.FromSeconds(15)), agent.Output);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("cameras/cam1/latest.jpg", UriKind.Relative))).StatusCode);
    }

    private (string Dir, int HttpPort) Folder(int mqttPort, bool embedded = false, string http = "")
    {
        var dir = RepoPaths.TempFolder("live-cameras");
        Directory.CreateDirectory(Path.Combine(dir, "cameras"));
        int port = Ports.Free();
        var json = AgentHarness.AgentJson(mqttPort, embedded).Replace("\"http\": { \"port\": 0 }", $"\"http\": {{ \"port\": {port}{(http.Length > 0 ? ", " + http : "")} }}", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(dir, "agent.json"), json);
        File.WriteAllText(Path.Combine(dir, "cameras", "cam1.json"), Camera("cam1"));
        return (dir, port);
    }

    private static async Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, string path, string json)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        return await http.SendAsync(request);
    }

    private static IEnumerable<JsonElement> Events(MqttCollector s, string camera, string? type = null) =>
        s.Events(type).Where(e => e.GetProperty("camera").GetString() == camera);

    /// <summary>The last non-empty retained status of a camera seen on MQTT.</summary>
    private static JsonElement? Status(MqttCollector s, string camera) =>
        s.Messages.Where(m => m.Topic == $"test/cameras/{camera}/status" && m.Payload.Length > 0).Select(m => (JsonElement?)JsonDocument.Parse(m.Payload).RootElement).LastOrDefault();

    /// <summary>A camera's record in /api/cameras (an undefined element when it is not there or the agent is not up).</summary>
    private static async Task<JsonElement> Status(HttpClient http, string camera)
    {
        try
        {
            var all = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/cameras", UriKind.Relative))).RootElement;
            return all.EnumerateArray().FirstOrDefault(c => c.GetProperty("camera").GetString() == camera);
        }
        catch (HttpRequestException) { return default; }
    }

    private static async Task<bool> Eventually(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try { if (await condition()) return true; }
            catch (KeyNotFoundException) { }
            catch (InvalidOperationException) { }
            await Task.Delay(100);
        }
        return await condition();
    }

    /// <summary>The agent's decoder children (ffmpeg), by pid and command line.</summary>
    private static List<(int Pid, string CommandLine)> Decoders(int agentPid)
    {
        var found = new List<(int, string)>();
        foreach (var d in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(d), CultureInfo.InvariantCulture, out int pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(d, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) != agentPid || !stat.Contains("(ffmpeg)", StringComparison.Ordinal)) continue;
                found.Add((pid, File.ReadAllText(Path.Combine(d, "cmdline")).Replace('\0', ' ')));
            }
            catch (IOException) { }
        }
        return found;
    }

    /// <summary>The agent's own threads: all but the .NET thread pool's workers, which the runtime adds and retires with
    /// the load (a leak is a thread per camera change that never ends: capture, decoder readers, post-processing).</summary>
    private static int Threads(int pid) =>
        Directory.GetDirectories($"/proc/{pid}/task").Count(t =>
        {
            try { return !File.ReadAllText(Path.Combine(t, "comm")).StartsWith(".NET TP", StringComparison.Ordinal); }
            catch (IOException) { return false; } // the thread ended while being counted
        });
}
