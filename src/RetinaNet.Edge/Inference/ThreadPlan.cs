namespace RetinaNet.Edge.Inference;

/// <summary>How inference uses the cores: concurrent runs (workers) × ONNX Runtime intra-op threads per run. On the
/// CPU provider the default is one worker per core (at most 4) with one intra-op thread each: on a small box the
/// other stages preempt inference threads all the time, and a parallel section then waits for its slowest thread;
/// independent single-threaded runs lose nothing to that. GPU providers get two workers (pipeline lanes): each lane
/// preprocesses its own batch on the CPU, so one lane's preprocessing overlaps the other's run on the GPU (ONNX Runtime
/// serialises the device work of concurrent runs on its stream).</summary>
internal readonly record struct ThreadPlan(int Workers, int IntraOpThreads)
{
    public static ThreadPlan For(InferenceOptions options, ExecutionProvider provider, int cores)
    {
        bool cpu = provider == ExecutionProvider.Cpu;
        int workers = options.Workers > 0 ? options.Workers : cpu ? Math.Clamp(cores, 1, 4) : 2;
        int intra = options.IntraOpThreads > 0 ? options.IntraOpThreads : cpu ? Math.Max(1, cores / workers) : 0;
        return new ThreadPlan(workers, intra);
    }
}
