using System.Diagnostics;
using RetinaNet.Edge.Toolkit.Model;
using RetinaNet.Edge.Vision.Anchors;
using RetinaNet.Edge.Vision.Geometry;
using RetinaNet.Edge.Vision.Synthetic;
using TorchSharp;
using static TorchSharp.torch;

namespace RetinaNet.Edge.Toolkit.Training;

/// <summary>Trains a RetinaNet on a COCO-format set with focal loss and smooth-L1, SGD with warm-up and steps,
/// validating COCO AP after each epoch and checkpointing to <c>OUT/last</c> (and <c>OUT/best</c>).</summary>
internal sealed class Trainer(TrainOptions options, TextWriter log)
{
    /// <summary>The network to train: resumed, fine-tuned from a checkpoint, or new.</summary>
    private (RetinaNetModel Model, CheckpointState? Resumed) CreateModel(RetinaNetConfig? config, int classes)
    {
        if (options.Resume is not null)
        {
            var (model, resumed) = Checkpoint.Load(options.Resume);
            log.WriteLine($"resuming from {options.Resume} at iteration {resumed.Iteration}");
            return (model, resumed);
        }
        if (options.Init is not null) return (FineTune.From(options.Init, classes, config, log), null);
        return (new RetinaNetModel((config ?? RetinaNetConfig.Preset("edge-tiny")) with { NumClasses = classes }), null);
    }

    public sealed record Result(int Iterations, double Seconds, double FinalLoss, double FirstLoss, double? ValAp50, double? ValAp, string CheckpointFolder);

    public Result Run(RetinaNetConfig? config)
    {
        Scalars.Init();
        torch.set_num_threads(options.Threads);
        torch.manual_seed(options.Seed);
        var train = new DetectionDataset(options.TrainAnnotations);
        var val = options.ValAnnotations is null ? null : new DetectionDataset(options.ValAnnotations);

        var (created, resumed) = CreateModel(config, train.ClassNames.Length);
        using var model = created;
        var cfg = model.Config;
        if (cfg.NumClasses != train.ClassNames.Length)
            throw new InvalidDataException($"the model has {cfg.NumClasses} classes but {options.TrainAnnotations} has {train.ClassNames.Length}");
        log.WriteLine($"model: {cfg.Blocks.Length}-stage ResNet ({string.Join(",", cfg.Blocks)} {cfg.Block}, width {cfg.Width}), FPN {cfg.FpnChannels}, " +
                      $"heads {cfg.HeadDepth}, {cfg.NumClasses} classes, input {cfg.InputWidth}x{cfg.InputHeight}, {model.ParameterCount():N0} parameters");

        if (cfg.FreezeStem)
        {
            foreach (var p in model.backbone.stem.parameters().Concat(model.backbone.stages[0].parameters())) p.requires_grad = false;
        }
        var anchors = AnchorsFor(model);
        using var builder = new BatchBuilder(train, cfg.InputWidth, cfg.InputHeight, anchors);
        var optimizer = torch.optim.SGD(model.parameters().Where(p => p.requires_grad), options.LearningRate, options.Momentum, 0, options.WeightDecay, false, false);
        if (options.Resume is not null) Checkpoint.LoadOptimizer(options.Resume, optimizer);

        int perEpoch = (train.Count + options.BatchSize - 1) / options.BatchSize;
        int total = perEpoch * options.Epochs;
        if (options.MaxIterations > 0) total = Math.Min(total, options.MaxIterations);
        int iteration = resumed?.Iteration ?? 0;
        var bar = new ProgressBar(total, log);
        var clock = Stopwatch.StartNew();
        double emaLoss = double.NaN, firstLoss = double.NaN, lastLoss = double.NaN;
        double? ap50 = resumed?.ValAp50, ap = resumed?.ValAp, bestAp = ap;
        int imagesSeen = 0;
        var outLast = Path.Combine(options.OutputDirectory, "last");
        model.train();

        while (iteration < total)
        {
            int epoch = iteration / perEpoch;
            var order = Enumerable.Range(0, train.Count).ToArray();
            new Random(Seeds.Mix(options.Seed, epoch)).Shuffle(order);
            for (int step = iteration % perEpoch; step < perEpoch && iteration < total; step++)
            {
                using var scope = NewDisposeScope();
                var indices = order.Skip(step * options.BatchSize).Take(options.BatchSize).ToList();
                int it = iteration;
                var batch = builder.Build(indices, i => options.HorizontalFlip && new Random(Seeds.Mix(options.Seed, it, i)).Next(2) == 1);
                SetLearningRate(optimizer, iteration, total);

                var (clsLoss, boxLoss, loss) = Step(model, optimizer, batch, cfg, anchors.Length, iteration);
                double l = loss.item<float>();
                if (!double.IsFinite(l)) throw new InvalidOperationException($"loss became {l} at iteration {iteration}; lower --lr");
                if (double.IsNaN(firstLoss)) firstLoss = l;
                lastLoss = l;
                emaLoss = double.IsNaN(emaLoss) ? l : 0.95 * emaLoss + 0.05 * l;
                imagesSeen += batch.Size;
                iteration++;
                double rate = imagesSeen / clock.Elapsed.TotalSeconds;
                var eta = TimeSpan.FromSeconds((total - iteration) * options.BatchSize / Math.Max(rate, 1e-6));
                bar.Report(iteration, $"epoch {epoch + 1} loss {emaLoss:F4} (cls {clsLoss.item<float>():F3} box {boxLoss.item<float>():F3}) lr {CurrentLr(optimizer):G3} {rate:F1} img/s eta {eta:hh\\:mm\\:ss}");
            }
            bool epochEnd = iteration % perEpoch == 0 || iteration == total;
            if (!epochEnd) continue;
            if (val is not null)
            {
                var (metrics, _) = ModelEvaluator.Evaluate(model, val);
                ap50 = metrics.Ap50; ap = metrics.Ap;
                bar.Line($"epoch {epoch + 1}: validation {metrics}");
            }
            var state = new CheckpointState(iteration, epoch + 1, options.Seed, train.ClassNames, ap50, ap);
            Checkpoint.Save(outLast, model, optimizer, state);
            if (ap is not null && (bestAp is null || ap >= bestAp))
            {
                bestAp = ap;
                Checkpoint.Save(Path.Combine(options.OutputDirectory, "best"), model, null, state);
            }
        }
        return new Result(iteration, clock.Elapsed.TotalSeconds, lastLoss, firstLoss, ap50, ap, outLast);
    }

    /// <summary>One SGD step. TorchSharp 0.107 can free an implicitly converted Scalar while libtorch still uses it
    /// (a finalizer race, dotnet/TorchSharp#1434); libtorch then reports "Unknown scalar type". The step has not
    /// touched the weights at that point, so it is simply computed again (same inputs, same result).</summary>
    private (Tensor Cls, Tensor Box, Tensor Total) Step(RetinaNetModel model, TorchSharp.Modules.OptimizerHelper optimizer, Batch batch, RetinaNetConfig cfg, int anchorCount, int iteration)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                optimizer.zero_grad();
                var (cls, box) = Loss(model, batch, cfg, anchorCount);
                var total = cls.add(box, Scalars.One);
                total.backward();
                if (options.ClipGradNorm > 0) nn.utils.clip_grad_norm_(model.parameters(), options.ClipGradNorm);
                optimizer.step();
                return (cls, box, total);
            }
            catch (System.Runtime.InteropServices.ExternalException e) when (attempt < 4 && e.Message.Contains("calar", StringComparison.Ordinal))
            {
                log.WriteLine($"iteration {iteration}: libtorch reported a freed scalar; recomputing the step (attempt {attempt + 1})");
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }
    }

    /// <summary>Anchors in the flattened order of the heads, for the model's input size (level sizes read off a dry run).</summary>
    internal static BoxF[] AnchorsFor(RetinaNetModel model)
    {
        var cfg = model.Config;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        bool training = model.training;
        model.eval();
        var (cls, _) = model.forward(zeros(1, 3, cfg.InputHeight, cfg.InputWidth));
        if (training) model.train();
        var all = new List<BoxF>();
        for (int l = 0; l < cls.Length; l++)
        {
            int h = (int)cls[l].shape[2], w = (int)cls[l].shape[3];
            // Shift by the real stride, as the decoder does (differs from the nominal one when the input is not a multiple of 128).
            all.AddRange(OdtkAnchors.LevelAnchors(OdtkAnchors.LevelStride(cfg.InputWidth, w), h, w, cfg.Anchors)); // ODTK: the decoder's convention
        }
        return [.. all];
    }

    /// <summary>Focal loss and box loss of a batch, each divided by the number of foreground anchors.</summary>
    internal static (Tensor Cls, Tensor Box) Loss(RetinaNetModel model, Batch batch, RetinaNetConfig cfg, int anchorCount)
    {
        var input = tensor(batch.Images, [batch.Size, 3, cfg.InputHeight, cfg.InputWidth]);
        var (clsMaps, boxMaps) = model.forward(input);
        var cls = RetinaNetModel.Flatten(clsMaps, cfg.NumClasses);
        var box = RetinaNetModel.Flatten(boxMaps, 4);
        var target = tensor(batch.ClassTargets, [batch.Size, anchorCount]);
        using var ignore = ((long)AnchorMatcher.Ignore).ToScalar();
        using var lastClass = ((long)cfg.NumClasses - 1).ToScalar();
        using var zero = 0L.ToScalar();
        using var norm = ((double)Math.Max(1, batch.ForegroundCount)).ToScalar();
        var valid = target.ne(ignore).to_type(ScalarType.Float32);
        var foreground = target.ge(zero).to_type(ScalarType.Float32);
        var oneHot = nn.functional.one_hot(target.clamp(zero, lastClass), cfg.NumClasses).to_type(ScalarType.Float32).mul_(foreground.unsqueeze(-1));
        var boxTarget = tensor(batch.BoxTargets, [batch.Size, anchorCount, 4]);
        return (Losses.Focal(cls, oneHot, valid).div_(norm), Losses.SmoothL1(box, boxTarget, foreground).div_(norm));
    }

    private void SetLearningRate(torch.optim.Optimizer optimizer, int iteration, int total)
    {
        double lr = options.LearningRate;
        if (iteration < options.WarmupIterations)
        {
            double alpha = (double)iteration / options.WarmupIterations;
            lr *= options.WarmupFactor * (1 - alpha) + alpha;
        }
        foreach (var m in options.Milestones)
            if (iteration >= m * total) lr *= 0.1;
        foreach (var g in optimizer.ParamGroups) g.LearningRate = lr;
    }

    private static double CurrentLr(torch.optim.Optimizer optimizer) => optimizer.ParamGroups.First().LearningRate;
}
