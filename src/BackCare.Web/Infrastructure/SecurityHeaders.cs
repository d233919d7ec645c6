namespace BackCare.Web.Infrastructure;

internal static class SecurityHeaders
{
    /// <summary>CSP without inline script, no framing, no sniffing, no referrer leaks, no caching of health data.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy =
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
                "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            // Pages, exports, the calendar feed and downloads carry health data: no browser or proxy may keep a copy.
            // Static files set their own (revalidating) policy; anything that sets none gets no-store.
            context.Response.OnStarting(static state =>
            {
                var response = ((HttpContext)state).Response;
                if (!response.Headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.CacheControl)) response.Headers.CacheControl = "no-store";
                return Task.CompletedTask;
            }, context);
            await next(context);
        });
}
