using BackCare.App.Auditing;

namespace BackCare.Web.Infrastructure;

/// <summary>
/// No response carrying health data leaves before its read-audit rows are committed: just before the first byte of a
/// response, the request's queued reads are awaited (group commit batches them with other requests'). If they could not
/// be written, the connection is aborted, so the data is never sent without its audit trail.
/// </summary>
internal static class AuditBeforeResponse
{
    public static IApplicationBuilder UseAuditBeforeResponse(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(static async state =>
            {
                var http = (HttpContext)state;
                try
                {
                    await http.RequestServices.GetRequiredService<AuditReadsInFlight>().WhenDurableAsync();
                }
                catch
                {
                    http.Abort();
                    throw;
                }
            }, context);
            await next(context);
        });
}
