-- retort migration
-- Revision: 1c2c1c576900
-- Parents: 2c040862acc6
-- Created: 2026-11-21 11:01:34 UTC
-- Message: add notifications table

-- retort:upgrade
CREATE TABLE public.notifications (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    message character varying(500) NOT NULL,
    read boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY (user_id) REFERENCES public.users (id) ON DELETE CASCADE
);
CREATE INDEX notifications_user_id_created_at_idx ON public.notifications (user_id, created_at DESC);
COMMENT ON TABLE public.notifications IS 'messages shown to a user';

-- retort:downgrade
-- destroys data: drops table public.notifications
DROP TABLE public.notifications;
