-- Planning at scale (a campaign of 150,000 patients, ~260,000 invitations in one go).
--
-- 1. The enqueue loop pages through pending sends in key order (keyset pagination). An index
--    on the full key, restricted to pending rows, makes each page an ordered index range scan
--    of its own size instead of a scan and sort of every pending send.
CREATE INDEX sends_pending ON workflows.sends (invitation_id, sequence) WHERE enqueued_at IS NULL;
DROP INDEX workflows.sends_not_enqueued;

-- 2. The planner draws invitation ids up front (nextval) so that it can COPY each batch of
--    invitations and their first sends without reading the invitations back.
GRANT USAGE ON SEQUENCE workflows.invitations_id_seq TO workflows_outreach;

-- 3. After a bulk insert the tables' statistics still describe the old, small tables until
--    autovacuum catches up; plans built on them scan and hash the whole table per page. Only
--    the owner may ANALYZE, so the owner offers exactly these two ANALYZEs to the planner.
CREATE FUNCTION workflows.refresh_outreach_statistics() RETURNS void
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    ANALYZE workflows.invitations;
    ANALYZE workflows.sends;
END
$$;
REVOKE ALL ON FUNCTION workflows.refresh_outreach_statistics() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION workflows.refresh_outreach_statistics() TO workflows_outreach;
