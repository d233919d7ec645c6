using BackCare.App.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackCare.App.Auditing;

/// <summary>
/// Read events on their way to the audit table, each with a task that completes when its row is committed.
/// A response carrying health data is held until its reads are durable (the web host awaits
/// <see cref="AuditReadsInFlight"/> before the first byte is sent); <see cref="AuditWriter"/> commits the reads of
/// all concurrent requests together (group commit), so durability costs one transaction per batch, not per page.
/// </summary>
public sealed class PendingAuditReads : GroupCommitInbox<AuditEntry, bool>;

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
/// Group commit for read-audit rows: every queued read (up to 1000) in one transaction, then the requests waiting on
/// them are released.
/// </summary>
public sealed class AuditWriter(PendingAuditReads queue, IServiceScopeFactory scopes, ILogger<AuditWriter> logger)
    : GroupCommitWriter<AuditEntry, bool>(queue, scopes, logger, maxBatch: 1000)
{
    protected override async Task<IReadOnlyList<bool>> WriteAsync(IServiceProvider services, IReadOnlyList<AuditEntry> batch, CancellationToken ct)
    {
        var db = services.GetRequiredService<BackCareDbContext>();
        db.AuditEntries.AddRange(batch);
        await db.SaveChangesAsync(ct);
        return [.. batch.Select(_ => true)];
    }
}
