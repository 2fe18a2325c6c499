// The Age header (RFC 9111, 5.1) for answers served from nginx's cache: seconds since the
// app generated them, told by the Date the app sent (nginx itself has no Age).
function age(r) {
    var status = r.variables.upstream_cache_status;
    if (status !== 'HIT' && status !== 'STALE' && status !== 'UPDATING'
            && status !== 'REVALIDATED') {
        return;
    }
    var generated = Date.parse(r.headersOut['Date'] || '');
    if (!isNaN(generated)) {
        r.headersOut['Age'] = String(Math.max(0, Math.floor((Date.now() - generated) / 1000)));
    }
}

export default { age };
