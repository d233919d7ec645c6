using BackCare.App.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BackCare.App.Tests.Data;

/// <summary>
/// The group-commit writer's scopes: fresh for every batch by default (the audit writer tracks entities); kept from
/// batch to batch when the writer says it holds no state there (the JWT replay cache), and thrown away after a batch
/// that fails, so a broken connection is not used again.
/// </summary>
public sealed class GroupCommitWriterTests
{
    [Fact]
    public async Task A_writer_that_keeps_its_scope_uses_one_until_a_batch_fails()
    {
        await using var provider = Services();
        var writer = new Recording(provider, reuseScope: true);

        var first = await WriteAsync(writer, 1);
        var second = await WriteAsync(writer, 2);
        Assert.Same(first, second);
        Assert.False(first.Disposed);

        writer.FailNext = true;
        var failed = writer.Inbox.Enqueue(3);
        await writer.FlushAsync(default);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failed);
        Assert.Equal("the database went away", error.Message);
        Assert.True(first.Disposed);

        var third = await WriteAsync(writer, 4);
        Assert.NotSame(first, third);
        Assert.False(third.Disposed);

        writer.Dispose();
        Assert.True(third.Disposed);
    }

    [Fact]
    public async Task By_default_every_batch_has_a_fresh_scope_disposed_after_it()
    {
        await using var provider = Services();
        var writer = new Recording(provider, reuseScope: false);

        var first = await WriteAsync(writer, 1);
        var second = await WriteAsync(writer, 2);
        Assert.NotSame(first, second);
        Assert.True(first.Disposed);
        Assert.True(second.Disposed);
    }

    private static ServiceProvider Services() =>
        new ServiceCollection().AddScoped<ScopeMarker>().BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

    private static async Task<ScopeMarker> WriteAsync(Recording writer, int item)
    {
        var written = writer.Inbox.Enqueue(item);
        await writer.FlushAsync(default);
        Assert.Equal(item * 10, await written);
        return writer.LastScope!;
    }

    private sealed class ScopeMarker : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    private sealed class Recording : GroupCommitWriter<int, int>
    {
        public Recording(IServiceProvider provider, bool reuseScope)
            : this(new GroupCommitInbox<int, int>(), provider, reuseScope)
        {
        }

        private Recording(GroupCommitInbox<int, int> inbox, IServiceProvider provider, bool reuseScope)
            : base(inbox, provider.GetRequiredService<IServiceScopeFactory>(), NullLogger.Instance, maxBatch: 10, reuseScope) => Inbox = inbox;

        public GroupCommitInbox<int, int> Inbox { get; }

        public bool FailNext { get; set; }

        public ScopeMarker? LastScope { get; private set; }

        protected override Task<IReadOnlyList<int>> WriteAsync(IServiceProvider services, IReadOnlyList<int> batch, CancellationToken ct)
        {
            LastScope = services.GetRequiredService<ScopeMarker>();
            if (FailNext)
            {
                FailNext = false;
                throw new InvalidOperationException("the database went away");
            }

            return Task.FromResult<IReadOnlyList<int>>([.. batch.Select(i => i * 10)]);
        }
    }
}
