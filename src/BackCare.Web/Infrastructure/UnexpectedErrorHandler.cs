using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace BackCare.Web.Infrastructure;

/// <summary>Turns an unexpected exception into a 500 with a correlation id and no internals.</summary>
internal sealed partial class UnexpectedErrorHandler(ILogger<UnexpectedErrorHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var correlationId = Activity.Current?.Id ?? httpContext.TraceIdentifier;
        LogUnexpected(logger, exception, correlationId);
        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        await httpContext.Response.WriteAsJsonAsync(new
        {
            title = "Something went wrong on our side.",
            status = 500,
            correlationId,
        }, cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error, correlation id {CorrelationId}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string correlationId);
}
