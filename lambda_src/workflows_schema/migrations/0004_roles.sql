-- Least-privilege group roles for the functions. Login users (one per function, created and
-- rotated by the platform's secret rotation) are made members of exactly one of these.
-- Roles are cluster-wide, so they are created only if absent.

DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['workflows_outreach', 'workflows_redeem', 'workflows_intake']
    LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
END
$$;

GRANT USAGE ON SCHEMA workflows
    TO workflows_outreach, workflows_redeem, workflows_intake;

-- Planner, sender and weekly job (reminders and the aggregate report).
GRANT SELECT ON workflows.patients, workflows.patient_conditions, workflows.contact_opt_outs,
    workflows.campaigns, workflows.respondents TO workflows_outreach;
GRANT UPDATE (planned_at) ON workflows.campaigns TO workflows_outreach;
GRANT SELECT, INSERT ON workflows.invitations TO workflows_outreach;
GRANT UPDATE (reminders_queued, last_queued_at) ON workflows.invitations TO workflows_outreach;
GRANT SELECT, INSERT ON workflows.sends TO workflows_outreach;
GRANT UPDATE (status, enqueued_at, claimed_at, finished_at, attempts, provider_message_id,
    reason) ON workflows.sends TO workflows_outreach;

-- Link redemption: no contact data at all.
GRANT SELECT (id, campaign_id, patient_id, channel, token_hash, expires_at, redeemed_at)
    ON workflows.invitations TO workflows_redeem;
GRANT UPDATE (redeemed_at) ON workflows.invitations TO workflows_redeem;
GRANT SELECT (id, name, booking_url, status) ON workflows.campaigns TO workflows_redeem;
GRANT SELECT, INSERT ON workflows.respondents TO workflows_redeem;

-- Upload URLs and document processing.
GRANT SELECT (id, doctor_id, portal_subject) ON workflows.patients TO workflows_intake;
GRANT SELECT, INSERT ON workflows.documents TO workflows_intake;
GRANT UPDATE (status, detected_type, size_bytes, sha256, page_count, extracted_text,
    extraction_engine, derived_keys, quarantine_reason, quarantine_key, attempts, claimed_at,
    processed_at, notified_at) ON workflows.documents TO workflows_intake;
