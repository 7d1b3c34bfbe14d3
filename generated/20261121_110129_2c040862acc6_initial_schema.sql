-- retort migration
-- Revision: 2c040862acc6
-- Parents: base
-- Created: 2026-11-21 11:01:29 UTC
-- Message: initial schema

-- retort:upgrade
CREATE EXTENSION pgcrypto;
CREATE TYPE public.chain_type AS ENUM ('ethereum', 'solana', 'polygon', 'base');
COMMENT ON TYPE public.chain_type IS 'blockchains a wallet can live on';
CREATE TYPE public.run_status AS ENUM ('pending', 'running', 'succeeded', 'failed', 'cancelled');
COMMENT ON TYPE public.run_status IS 'life cycle of a run';
CREATE TYPE public.transaction_direction AS ENUM ('credit', 'debit');

CREATE TABLE public.users (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    email text NOT NULL,
    display_name text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone,
    PRIMARY KEY (id),
    UNIQUE (email),
    CHECK (POSITION('@' IN email) > 1)
);
COMMENT ON TABLE public.users IS 'people who sign in';
COMMENT ON COLUMN public.users.email IS 'login name, stored as entered';

CREATE TABLE public.crews (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    owner_id uuid NOT NULL,
    name text NOT NULL,
    slug character varying(64) NOT NULL,
    description text,
    is_public boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (slug),
    CHECK (slug ~ '^[a-z0-9-]+$'),
    FOREIGN KEY (owner_id) REFERENCES public.users (id) ON DELETE RESTRICT
);
CREATE INDEX crews_owner_id_idx ON public.crews (owner_id);
COMMENT ON TABLE public.crews IS 'a team of agents that works on tasks together';
COMMENT ON COLUMN public.crews.slug IS 'URL name';

CREATE TABLE public.agents (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    crew_id uuid NOT NULL,
    name text NOT NULL,
    model text NOT NULL,
    system_prompt text,
    temperature numeric(3,2) DEFAULT 0.7 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (crew_id, name),
    CHECK (temperature >= 0 AND temperature <= 2),
    FOREIGN KEY (crew_id) REFERENCES public.crews (id) ON DELETE CASCADE
);
COMMENT ON TABLE public.agents IS 'one AI agent of a crew';
COMMENT ON COLUMN public.agents.model IS 'LLM the agent runs on';

CREATE TABLE public.crew_ratings (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    crew_id uuid NOT NULL,
    user_id uuid NOT NULL,
    rating smallint NOT NULL,
    review text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (crew_id, user_id),
    CHECK (rating BETWEEN 1 AND 5),
    FOREIGN KEY (crew_id) REFERENCES public.crews (id) ON DELETE CASCADE,
    FOREIGN KEY (user_id) REFERENCES public.users (id) ON DELETE CASCADE
);
CREATE INDEX crew_ratings_user_id_idx ON public.crew_ratings (user_id);
COMMENT ON TABLE public.crew_ratings IS 'one rating per user and crew';

CREATE TABLE public.crew_rentals (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    crew_id uuid NOT NULL,
    renter_id uuid NOT NULL,
    starts_at timestamp with time zone NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    price_tokens numeric(38,18) NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    PRIMARY KEY (id),
    CHECK (ends_at > starts_at),
    CHECK (price_tokens >= 0),
    FOREIGN KEY (crew_id) REFERENCES public.crews (id) ON DELETE CASCADE,
    FOREIGN KEY (renter_id) REFERENCES public.users (id) ON DELETE CASCADE
);
CREATE INDEX crew_rentals_crew_id_starts_at_idx ON public.crew_rentals (crew_id, starts_at);
CREATE INDEX crew_rentals_renter_id_idx ON public.crew_rentals (renter_id);
COMMENT ON TABLE public.crew_rentals IS 'a user renting a crew for a period';

CREATE TABLE public.crew_xp (
    crew_id uuid NOT NULL,
    xp bigint DEFAULT 0 NOT NULL,
    level integer DEFAULT 1 NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    PRIMARY KEY (crew_id),
    CHECK (xp >= 0),
    CHECK (level >= 1),
    FOREIGN KEY (crew_id) REFERENCES public.crews (id) ON DELETE CASCADE
);
COMMENT ON TABLE public.crew_xp IS 'experience points; one row per crew';

CREATE TABLE public.evalcases (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    crew_id uuid NOT NULL,
    name text NOT NULL,
    input jsonb NOT NULL,
    expected jsonb,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (crew_id, name),
    FOREIGN KEY (crew_id) REFERENCES public.crews (id) ON DELETE CASCADE
);
COMMENT ON TABLE public.evalcases IS 'test cases a crew is scored against';

CREATE TABLE public.runs (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    crew_id uuid NOT NULL,
    agent_id uuid,
    started_by uuid,
    status run_status DEFAULT 'pending' NOT NULL,
    input jsonb DEFAULT '{}'::jsonb NOT NULL,
    output jsonb,
    cost_tokens numeric(38,18) DEFAULT 0 NOT NULL,
    started_at timestamp with time zone,
    finished_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    PRIMARY KEY (id),
    CHECK (cost_tokens >= 0),
    CONSTRAINT runs_finished_after_start CHECK (finished_at IS NULL OR started_at IS NULL OR finished_at >= started_at),
    FOREIGN KEY (crew_id) REFERENCES public.crews (id) ON DELETE CASCADE,
    FOREIGN KEY (agent_id) REFERENCES public.agents (id) ON DELETE SET NULL,
    FOREIGN KEY (started_by) REFERENCES public.users (id) ON DELETE SET NULL
);
CREATE INDEX runs_active_idx ON public.runs (status) WHERE status IN ('pending', 'running');
CREATE INDEX runs_agent_id_idx ON public.runs (agent_id);
CREATE INDEX runs_crew_id_created_at_idx ON public.runs (crew_id, created_at DESC);
CREATE INDEX runs_started_by_idx ON public.runs (started_by);
COMMENT ON TABLE public.runs IS 'one execution of a crew on a task';
COMMENT ON COLUMN public.runs.agent_id IS 'the agent that led the run, if one did';
COMMENT ON INDEX public.runs_active_idx IS 'the scheduler polls these';

CREATE TABLE public.audits (
    id bigint GENERATED ALWAYS AS IDENTITY,
    run_id uuid NOT NULL,
    actor_id uuid,
    action text NOT NULL,
    details jsonb,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY (run_id) REFERENCES public.runs (id) ON DELETE CASCADE,
    FOREIGN KEY (actor_id) REFERENCES public.users (id) ON DELETE SET NULL
);
CREATE INDEX audits_actor_id_idx ON public.audits (actor_id);
CREATE INDEX audits_run_id_idx ON public.audits (run_id);
COMMENT ON TABLE public.audits IS 'who did what to a run, append only';

CREATE TABLE public.wallets (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    chain chain_type NOT NULL,
    address text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (chain, address),
    CHECK (length(address) BETWEEN 20 AND 128)
);
COMMENT ON TABLE public.wallets IS 'on-chain addresses users link to their account';
COMMENT ON COLUMN public.wallets.address IS 'address as printed by the chain''s tools';

CREATE TABLE public.crew_portfolios (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    crew_id uuid NOT NULL,
    wallet_id uuid NOT NULL,
    allocation_pct numeric(5,2) NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (crew_id, wallet_id),
    CHECK (allocation_pct > 0 AND allocation_pct <= 100),
    FOREIGN KEY (crew_id) REFERENCES public.crews (id) ON DELETE CASCADE,
    FOREIGN KEY (wallet_id) REFERENCES public.wallets (id) ON DELETE RESTRICT
);
CREATE INDEX crew_portfolios_wallet_id_idx ON public.crew_portfolios (wallet_id);
COMMENT ON TABLE public.crew_portfolios IS 'wallets a crew manages and their share';
COMMENT ON COLUMN public.crew_portfolios.allocation_pct IS 'percent of the crew''s funds';

CREATE TABLE public.token_balances (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    wallet_id uuid NOT NULL,
    token_symbol character varying(16) NOT NULL,
    amount numeric(38,18) DEFAULT 0 NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (wallet_id, token_symbol),
    CHECK (amount >= 0),
    FOREIGN KEY (wallet_id) REFERENCES public.wallets (id) ON DELETE CASCADE
);
COMMENT ON TABLE public.token_balances IS 'current holding of one token in one wallet';

CREATE TABLE public.token_transactions (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    wallet_id uuid NOT NULL,
    direction transaction_direction NOT NULL,
    token_symbol character varying(16) NOT NULL,
    amount numeric(38,18) NOT NULL,
    tx_hash text,
    run_id uuid,
    rental_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (tx_hash),
    CHECK (amount > 0),
    FOREIGN KEY (wallet_id) REFERENCES public.wallets (id) ON DELETE RESTRICT,
    FOREIGN KEY (run_id) REFERENCES public.runs (id) ON DELETE SET NULL,
    FOREIGN KEY (rental_id) REFERENCES public.crew_rentals (id) ON DELETE SET NULL
);
CREATE INDEX token_transactions_rental_id_idx ON public.token_transactions (rental_id);
CREATE INDEX token_transactions_run_id_idx ON public.token_transactions (run_id);
CREATE INDEX token_transactions_wallet_id_created_at_idx ON public.token_transactions (wallet_id, created_at DESC);
COMMENT ON TABLE public.token_transactions IS 'ledger of token movements; never updated';
COMMENT ON COLUMN public.token_transactions.tx_hash IS 'on-chain hash once settled';
COMMENT ON COLUMN public.token_transactions.run_id IS 'the run this payment was for, if any';

CREATE TABLE public.user_wallets (
    user_id uuid NOT NULL,
    wallet_id uuid NOT NULL,
    is_primary boolean DEFAULT false NOT NULL,
    linked_at timestamp with time zone DEFAULT now() NOT NULL,
    PRIMARY KEY (user_id, wallet_id),
    FOREIGN KEY (user_id) REFERENCES public.users (id) ON DELETE CASCADE,
    FOREIGN KEY (wallet_id) REFERENCES public.wallets (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX user_wallets_one_primary ON public.user_wallets (user_id) WHERE is_primary;
CREATE INDEX user_wallets_wallet_id_idx ON public.user_wallets (wallet_id);
COMMENT ON TABLE public.user_wallets IS 'which user controls which wallet';

-- retort:downgrade
ALTER TABLE public.agents DROP CONSTRAINT agents_crew_id_fkey;

ALTER TABLE public.audits DROP CONSTRAINT audits_actor_id_fkey;
ALTER TABLE public.audits DROP CONSTRAINT audits_run_id_fkey;

ALTER TABLE public.crew_portfolios DROP CONSTRAINT crew_portfolios_crew_id_fkey;
ALTER TABLE public.crew_portfolios DROP CONSTRAINT crew_portfolios_wallet_id_fkey;

ALTER TABLE public.crew_ratings DROP CONSTRAINT crew_ratings_crew_id_fkey;
ALTER TABLE public.crew_ratings DROP CONSTRAINT crew_ratings_user_id_fkey;

ALTER TABLE public.crew_rentals DROP CONSTRAINT crew_rentals_crew_id_fkey;
ALTER TABLE public.crew_rentals DROP CONSTRAINT crew_rentals_renter_id_fkey;

ALTER TABLE public.crew_xp DROP CONSTRAINT crew_xp_crew_id_fkey;

ALTER TABLE public.crews DROP CONSTRAINT crews_owner_id_fkey;

ALTER TABLE public.evalcases DROP CONSTRAINT evalcases_crew_id_fkey;

ALTER TABLE public.runs DROP CONSTRAINT runs_agent_id_fkey;
ALTER TABLE public.runs DROP CONSTRAINT runs_crew_id_fkey;
ALTER TABLE public.runs DROP CONSTRAINT runs_started_by_fkey;

ALTER TABLE public.token_balances DROP CONSTRAINT token_balances_wallet_id_fkey;

ALTER TABLE public.token_transactions DROP CONSTRAINT token_transactions_rental_id_fkey;
ALTER TABLE public.token_transactions DROP CONSTRAINT token_transactions_run_id_fkey;
ALTER TABLE public.token_transactions DROP CONSTRAINT token_transactions_wallet_id_fkey;

ALTER TABLE public.user_wallets DROP CONSTRAINT user_wallets_user_id_fkey;
ALTER TABLE public.user_wallets DROP CONSTRAINT user_wallets_wallet_id_fkey;

-- destroys data: drops table public.agents
DROP TABLE public.agents;

-- destroys data: drops table public.audits
DROP TABLE public.audits;

-- destroys data: drops table public.crew_portfolios
DROP TABLE public.crew_portfolios;

-- destroys data: drops table public.crew_ratings
DROP TABLE public.crew_ratings;

-- destroys data: drops table public.crew_rentals
DROP TABLE public.crew_rentals;

-- destroys data: drops table public.crew_xp
DROP TABLE public.crew_xp;

-- destroys data: drops table public.crews
DROP TABLE public.crews;

-- destroys data: drops table public.evalcases
DROP TABLE public.evalcases;

-- destroys data: drops table public.runs
DROP TABLE public.runs;

-- destroys data: drops table public.token_balances
DROP TABLE public.token_balances;

-- destroys data: drops table public.token_transactions
DROP TABLE public.token_transactions;

-- destroys data: drops table public.user_wallets
DROP TABLE public.user_wallets;

-- destroys data: drops table public.users
DROP TABLE public.users;

-- destroys data: drops table public.wallets
DROP TABLE public.wallets;

DROP TYPE public.chain_type;
DROP TYPE public.run_status;
DROP TYPE public.transaction_direction;
DROP EXTENSION pgcrypto;
