using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BackCare.App.Data;

/// <summary>
/// Time spent in the database, for the metrics endpoint (docs/deploy.md): a histogram of every command's duration,
/// by provider and outcome. Without a listener (metrics off) recording costs next to nothing.
/// </summary>
public static class DatabaseMetrics
{
    public const string MeterName = "BackCare.Database";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Histogram<double> CommandDuration = Meter.CreateHistogram<double>(
        "backcare.db.command.duration", unit: "s", description: "Duration of database commands run by BackCare.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });

    /// <summary>Add to a DbContext's options; one instance serves every context.</summary>
    public static readonly IInterceptor Interceptor = new CommandTimer();

    private sealed class CommandTimer : DbCommandInterceptor
    {
        public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Record(eventData.Context, eventData.Duration, "error");

        public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            Record(eventData.Context, eventData.Duration, "error");
            return Task.CompletedTask;
        }

        public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
        {
            Record(eventData.Context, eventData.Duration, "ok");
            return result;
        }

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            Record(eventData.Context, eventData.Duration, "ok");
            return ValueTask.FromResult(result);
        }

        public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
        {
            Record(eventData.Context, eventData.Duration, "ok");
            return result;
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Record(eventData.Context, eventData.Duration, "ok");
            return ValueTask.FromResult(result);
        }

        public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
        {
            Record(eventData.Context, eventData.Duration, "ok");
            return result;
        }

        public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
        {
            Record(eventData.Context, eventData.Duration, "ok");
            return ValueTask.FromResult(result);
        }

        private static void Record(Microsoft.EntityFrameworkCore.DbContext? context, TimeSpan duration, string outcome)
        {
            if (!CommandDuration.Enabled) return;
            var system = context is PostgresBackCareDbContext ? "postgresql" : "sqlite";
            CommandDuration.Record(duration.TotalSeconds, new TagList { { "db.system", system }, { "outcome", outcome } });
        }
    }
}
