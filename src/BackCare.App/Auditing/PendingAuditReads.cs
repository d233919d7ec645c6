using System.Threading.Channels;
using BackCare.App.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BackCare.App.Auditing;

/// <summary>
/// Read events on their way to the audit table, each with a task that completes when its row is committed.
/// A response carrying health data is held until its reads are durable (the web host awaits
/// <see cref="AuditReadsInFlight"/> before the first byte is sent); <see cref="AuditWriter"/> commits the reads of
/// all concurrent requests together (group commit), so durability costs one transaction per batch, not per page.
/// </summary>
public sealed class PendingAuditReads
{
    private readonly Channel<PendingRead> _channel = Channel.CreateUnbounded<PendingRead>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues a read; the task completes when its row is committed, or faults if it could not be.</summary>
    public Task Enqueue(AuditEntry entry)
    {
        var durable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_channel.Writer.TryWrite(new PendingRead(entry, durable)))
        {
            durable.SetException(new InvalidOperationException("The audit writer has stopped: health data is not served without its audit row."));
        }

        return durable.Task;
    }

    internal ChannelReader<PendingRead> Reader => _channel.Reader;

    internal void Complete() => _channel.Writer.TryComplete();

    internal int Pending => _channel.Reader.Count;
}

internal readonly record struct PendingRead(AuditEntry Entry, TaskCompletionSource Durable);

/// <summary>The reads one request (one DI scope) has queued; the host awaits them before it answers.</summary>
public sealed class AuditReadsInFlight
{
    private readonly Lock _lock = new();
    private List<Task>? _reads;

    internal void Add(Task read)
    {
        lock (_lock) (_reads ??= []).Add(read);
    }

    /// <summary>Completes when every read recorded so far in this scope is committed; faults if one failed.</summary>
    public Task WhenDurableAsync()
    {
        lock (_lock)
        {
            if (_reads is null || _reads.Count == 0) return Task.CompletedTask;
            var all = Task.WhenAll(_reads);
            _reads = null;
            return all;
        }
    }
}

/// <summary>
/// Group commit for read-audit rows: takes every queued read (up to 1000), writes them in one transaction and then
/// releases the requests waiting on them; while a batch commits, the next one gathers. On shutdown it writes
/// whatever is left before the host stops.
/// </summary>
public sealed partial class AuditWriter(PendingAuditReads queue, IServiceScopeFactory scopes, ILogger<AuditWriter> logger) : BackgroundService
{
    private const int MaxBatch = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not tied to stoppingToken: the loop ends when StopAsync completes the queue and the last batch is written.
        while (await queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            await FlushAsync(CancellationToken.None);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Complete();
        await base.StopAsync(cancellationToken);
    }

    /// <summary>Writes the queued reads now, in one transaction (the loop's step; also used by tests).</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        var batch = new List<PendingRead>();
        while (batch.Count < MaxBatch && queue.Reader.TryRead(out var read)) batch.Add(read);
        if (batch.Count == 0) return;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
            db.AuditEntries.AddRange(batch.Select(r => r.Entry));
            await db.SaveChangesAsync(ct);
            foreach (var read in batch) read.Durable.TrySetResult();
        }
#pragma warning disable CA1031 // Every waiting request must learn that its row was not written; none may hang.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogBatchFailed(logger, ex, batch.Count);
            foreach (var read in batch) read.Durable.TrySetException(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write {Count} read-audit row(s); their responses are refused")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);
}
