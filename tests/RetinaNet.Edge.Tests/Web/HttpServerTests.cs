using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using RetinaNet.Edge.Tests.Integration.Fixtures;

namespace RetinaNet.Edge.Tests.Web;

[Collection("integration")]
public class HttpServerTests(SyntheticVideo video)
{
    private static string AgentJson(int mqttPort, string http) =>
        AgentHarness.AgentJson(mqttPort, embedded: true).Replace("\"http\": { \"port\": 0 }", http, StringComparison.Ordinal);

    private static (string, string) Camera(SyntheticVideo v) => ("cam1", $$"""{ "name": "cam1", "url": "{{v.Path}}", "loop": true, "detectFps": 15, "zones": [ { "name": "left", "points": [[0, 0], [320, 0], [320, 360], [0, 360]] } ] }""");

    [Fact]
    public async Task Mjpeg_RealHttpClient_ReadsSeveralJpegParts()
    {
        await using var agent = await AgentHarness.StartAsync(AgentJson(Ports.Free(), "\"http\": { \"port\": 0 }, \"liveView\": { \"mjpegFps\": 10 }"), Camera(video));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{agent.HttpPort}") };
        using var response = await http.GetAsync("/cameras/cam1/mjpeg", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("multipart/x-mixed-replace", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("frame", response.Content.Headers.ContentType.Parameters.Single(p => p.Name == "boundary").Value);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var parts = new List<byte[]>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (parts.Count < 3)
        {
            var headers = await ReadHeaders(stream, cts.Token);
            Assert.Equal("--frame", headers[0]);
            Assert.Contains("Content-Type: image/jpeg", headers);
            int length = int.Parse(headers.Single(h => h.StartsWith("Content-Length:", StringComparison.Ordinal))[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            var body = new byte[length];
            await stream.ReadExactlyAsync(body, cts.Token);
            await stream.ReadExactlyAsync(new byte[2], cts.Token); // CRLF after the part
            Assert.Equal([0xFF, 0xD8], body[..2]);   // JPEG start of image
            Assert.Equal([0xFF, 0xD9], body[^2..]);  // end of image
            parts.Add(body);
        }
        using var decoded = OpenCvSharp.Cv2.ImDecode(parts[^1], OpenCvSharp.ImreadModes.Color);
        // The MJPEG view shows the frames the detector took, at the decoder's working size: the 640x360 camera fitted
        // into the demo model's 384x256 input (boxes drawn scaled from camera pixels).
        Assert.Equal((384, 216), (decoded.Width, decoded.Height));
    }

    private static async Task<List<string>> ReadHeaders(Stream s, CancellationToken ct)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            await s.ReadExactlyAsync(one, ct);
            if (one[0] == '\n')
            {
                var text = line.ToString().TrimEnd('\r');
                line.Clear();
                if (text.Length == 0) { if (lines.Count > 0) return lines; continue; }
                lines.Add(text);
            }
            else line.Append((char)one[0]);
        }
    }

    [Fact]
    public async Task Auth_TokenConfigured_RejectsWithoutAcceptsWith()
    {
        await using var agent = await AgentHarness.StartAsync(AgentJson(Ports.Free(), "\"http\": { \"port\": 0, \"token\": \"s3cret\" }"), Camera(video));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{agent.HttpPort}") };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/cameras")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode); // probes stay open
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/cameras")).StatusCode);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");
        var cams = await http.GetStringAsync("/api/cameras");
        Assert.Contains("\"camera\":\"cam1\"", cams);
    }

    [Fact]
    public async Task Metrics_ParsedByPrometheusClientParser_AndReadyzAndSnapshot()
    {
        await using var agent = await AgentHarness.StartAsync(AgentJson(Ports.Free(), "\"http\": { \"port\": 0 }, \"snapshots\": { \"mqtt\": true }"), Camera(video));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{agent.HttpPort}") };
        var clock = Stopwatch.StartNew();
        while ((await http.GetAsync("/readyz")).StatusCode != HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(200);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
        while (agent.Pipeline.Current[0].FramesProcessed < 10) await Task.Delay(100);
        var jpeg = await http.GetByteArrayAsync("/cameras/cam1/latest.jpg");
        Assert.Equal([0xFF, 0xD8], jpeg[..2]);

        // A new track's event references its snapshot, which the server serves.
        await using var sub = await MqttCollector.ConnectAsync(agent.Config.Agent.Mqtt.EmbeddedPort, "test/cameras/cam1/events");
        Assert.True(await sub.WaitFor(s => s.Events("new").Any(), TimeSpan.FromSeconds(30)));
        var snapshot = sub.Events("new").First().GetProperty("snapshot").GetString()!;
        var snap = await http.GetByteArrayAsync(snapshot);
        Assert.Equal([0xFF, 0xD8], snap[..2]);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/snapshots/cam1/..%2F..%2Fagent.json")).StatusCode);
        // snapshots.mqtt: the crop also goes out as a retained binary payload.
        await using var binary = await MqttCollector.ConnectAsync(agent.Config.Agent.Mqtt.EmbeddedPort, "test/cameras/cam1/snapshot");
        Assert.True(await binary.WaitFor(s => !s.Messages.IsEmpty, TimeSpan.FromSeconds(20)));

        var text = await http.GetStringAsync("/metrics");
        var file = Path.Combine(RepoPaths.TempFolder("metrics"), "metrics.txt");
        await File.WriteAllTextAsync(file, text);
        // Debian's python3-prometheus-client: the reference text-format parser.
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("import sys\nfrom prometheus_client.parser import text_string_to_metric_families as p\n" +
                             "for f in p(open(sys.argv[1]).read()):\n  for s in f.samples: print(s.name, dict(s.labels).get('camera',''), dict(s.labels).get('stage',''), s.value)");
        psi.ArgumentList.Add(file);
        using var proc = Process.Start(psi)!;
        var parsed = await proc.StandardOutput.ReadToEndAsync();
        await proc.WaitForExitAsync();
        Assert.True(proc.ExitCode == 0, await proc.StandardError.ReadToEndAsync());
        var samples = parsed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToList();
        double Value(string name, string camera = "", string stage = "") =>
            double.Parse(samples.First(s => s[0] == name && s[1] == camera && s[2] == stage)[3], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Value("retinanet_camera_frames_processed_total", "cam1") >= 10);
        Assert.True(Value("retinanet_frame_stage_seconds_count", "cam1", "inference") >= 10);
        Assert.True(Value("retinanet_inference_frames_total") >= 10);
        Assert.Equal(1, Value("retinanet_camera_streaming", "cam1"));
        Assert.Contains(samples, s => s[0] == "process_cpu_seconds_total");
        Assert.Contains(samples, s => s[0] == "retinanet_mqtt_published_total");
        // The README's metrics table, as the one bridge names them (histograms by their _count series).
        string[] documented = ["retinanet_camera_frames_in_total", "retinanet_camera_frames_dropped_total", "retinanet_camera_reconnects_total",
            "retinanet_camera_decoder_errors_total", "retinanet_camera_queue_depth", "retinanet_camera_decoder_lag_seconds", "retinanet_inference_runs_total", "retinanet_inference_duration_milliseconds_count",
            "retinanet_inference_batch_size_count", "retinanet_tracking_tracks_started_total", "retinanet_tracking_tracks_live", "retinanet_events_total",
            "retinanet_snapshots_written_total", "retinanet_mqtt_outbox_appended_total", "retinanet_mqtt_queued", "retinanet_mqtt_connected",
            "retinanet_mqtt_outbox_bytes", "retinanet_mqtt_failed_total", "retinanet_http_requests_total", "process_resident_memory_bytes", "process_threads"];
        Assert.All(documented, n => Assert.True(samples.Exists(s => s[0] == n), $"{n} missing from /metrics"));
    }
}
