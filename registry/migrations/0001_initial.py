"""The register's schema, and on PostgreSQL the triggers that make the audit trail
append-only in the database itself.

The decision log, the change feed and every table of django-simple-history (the field-level
history of manufacturers, memberships, entries and their parts, applications and their
documents) refuse UPDATE and DELETE, so that neither the admin, a shell, raw SQL nor another
client of the database rewrites the past (registry 0004 refuses TRUNCATE too). SQLite, the
development database, has no triggers; the models and querysets refuse there. tests/registry/test_audit_trail.py checks that every
history table carries the trigger, so a model given HistoricalRecords later needs a migration
that adds it.
"""

import django.contrib.auth.models
import django.contrib.auth.validators
import django.db.models.deletion
import django.utils.timezone
import products.models.documents
import products.uploads
import simple_history.models
from django.conf import settings
from django.db import migrations, models


REFUSE_CHANGE = """
CREATE OR REPLACE FUNCTION registry_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'rows of % are append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""
LOG_TABLES = ["registry_decision", "registry_changeevent"]
AUDITED_APPS = ("manufacturers", "products", "registry")


def append_only_tables(apps):
    history = sorted(
        model._meta.db_table for model in apps.get_models()
        if model._meta.app_label in AUDITED_APPS and model.__name__.startswith("Historical")
    )
    return LOG_TABLES + history


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(REFUSE_CHANGE, params=None)  # "%" is PL/pgSQL, not a placeholder
    for table in append_only_tables(apps):
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION registry_refuse_change()"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in append_only_tables(apps):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('manufacturers', '0001_initial'),
        ('products', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='User',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('password', models.CharField(max_length=128, verbose_name='password')),
                ('last_login', models.DateTimeField(blank=True, null=True, verbose_name='last login')),
                ('is_superuser', models.BooleanField(default=False, help_text='Designates that this user has all permissions without explicitly assigning them.', verbose_name='superuser status')),
                ('username', models.CharField(error_messages={'unique': 'A user with that username already exists.'}, help_text='Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.', max_length=150, unique=True, validators=[django.contrib.auth.validators.UnicodeUsernameValidator()], verbose_name='username')),
                ('first_name', models.CharField(blank=True, max_length=150, verbose_name='first name')),
                ('last_name', models.CharField(blank=True, max_length=150, verbose_name='last name')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email address')),
                ('is_staff', models.BooleanField(default=False, help_text='Designates whether the user can log into this admin site.', verbose_name='staff status')),
                ('is_active', models.BooleanField(default=True, help_text='Designates whether this user should be treated as active. Unselect this instead of deleting accounts.', verbose_name='active')),
                ('date_joined', models.DateTimeField(default=django.utils.timezone.now, verbose_name='date joined')),
                ('language', models.CharField(choices=[('ru', 'Русский'), ('en', 'English')], default='ru', max_length=5, verbose_name='language of notifications')),
                ('groups', models.ManyToManyField(blank=True, help_text='The groups this user belongs to. A user will get all permissions granted to each of their groups.', related_name='user_set', related_query_name='user', to='auth.group', verbose_name='groups')),
                ('user_permissions', models.ManyToManyField(blank=True, help_text='Specific permissions for this user.', related_name='user_set', related_query_name='user', to='auth.permission', verbose_name='user permissions')),
            ],
            options={
                'verbose_name': 'user',
                'verbose_name_plural': 'users',
                'abstract': False,
                'swappable': 'AUTH_USER_MODEL',
            },
            managers=[
                ('objects', django.contrib.auth.models.UserManager()),
            ],
        ),
        migrations.CreateModel(
            name='Application',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('include', 'inclusion of a new product'), ('amend', 'amendment of an entry'), ('withdraw', 'withdrawal of an entry')], max_length=10, verbose_name='kind')),
                ('state', models.CharField(choices=[('draft', 'draft'), ('submitted', 'submitted'), ('under_review', 'under review'), ('changes_requested', 'changes requested'), ('approved', 'approved'), ('rejected', 'rejected'), ('withdrawn', 'withdrawn')], default='draft', max_length=20, verbose_name='state')),
                ('proposal', models.JSONField(blank=True, default=dict, verbose_name='proposed data')),
                ('base', models.JSONField(blank=True, null=True, verbose_name='entry when the application was started')),
                ('note', models.TextField(blank=True, help_text='What the application asks for and why; for a withdrawal, the reason.', verbose_name='covering note')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted at')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                ('assigned_to', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='assigned_applications', to=settings.AUTH_USER_MODEL, verbose_name='registrar')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('manufacturer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='manufacturers.manufacturer', verbose_name='manufacturer')),
                ('product', models.ForeignKey(blank=True, help_text='The entry amended or withdrawn; for an inclusion, the entry it created.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='products.product', verbose_name='register entry')),
            ],
            options={
                'verbose_name': 'application',
                'verbose_name_plural': 'applications',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='ApplicationDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('datasheet', 'datasheet'), ('origin_certificate', 'certificate of origin'), ('test_report', 'test report')], max_length=20, verbose_name='kind')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('file', models.FileField(max_length=200, upload_to=products.models.documents.document_path, validators=[products.uploads.validate_document_file], verbose_name='file')),
                ('content_type', models.CharField(editable=False, max_length=50, verbose_name='content type')),
                ('sha256', models.CharField(db_index=True, editable=False, max_length=64, verbose_name='SHA-256')),
                ('size', models.PositiveBigIntegerField(editable=False, verbose_name='size, bytes')),
                ('original_name', models.CharField(blank=True, editable=False, max_length=255, verbose_name='original file name')),
                ('uploaded_at', models.DateTimeField(auto_now_add=True, verbose_name='uploaded at')),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='documents', to='registry.application', verbose_name='application')),
                ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
            ],
            options={
                'verbose_name': 'document of an application',
                'verbose_name_plural': 'documents of applications',
                'ordering': ['kind', 'pk'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='ChangeEvent',
            fields=[
                ('id', models.BigAutoField(primary_key=True, serialize=False)),
                ('occurred_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='when')),
                ('kind', models.CharField(choices=[('entry.included', 'included in the register'), ('entry.amended', 'amended'), ('entry.suspended', 'suspended'), ('entry.reinstated', 'reinstated'), ('entry.excluded', 'excluded from the register'), ('entry.corrected', 'corrected by the registrar'), ('manufacturer.admitted', 'manufacturer admitted'), ('manufacturer.changed', 'manufacturer data changed'), ('category.changed', 'category of the catalogue changed')], db_index=True, max_length=30, verbose_name='kind')),
                ('registry_number', models.CharField(blank=True, db_index=True, max_length=24, verbose_name='registry number')),
                ('comment', models.TextField(blank=True, verbose_name='comment or reason')),
                ('changes', models.JSONField(blank=True, default=dict, verbose_name='changes')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='who')),
                ('application', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='change_events', to='registry.application', verbose_name='application')),
                ('category', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='change_events', to='products.category', verbose_name='category')),
                ('manufacturer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='change_events', to='manufacturers.manufacturer', verbose_name='manufacturer')),
                ('product', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='change_events', to='products.product', verbose_name='register entry')),
            ],
            options={
                'verbose_name': 'change of public data',
                'verbose_name_plural': 'changes of public data',
                'ordering': ['id'],
            },
        ),
        migrations.CreateModel(
            name='Decision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('occurred_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='when')),
                ('action', models.CharField(choices=[('application.created', 'application created'), ('application.submitted', 'application submitted'), ('application.resubmitted', 'application resubmitted'), ('application.withdrawn', 'application withdrawn'), ('application.taken', 'taken for review'), ('application.changes_requested', 'changes requested'), ('application.approved', 'application approved'), ('application.rejected', 'application rejected'), ('entry.registered', 'entry registered directly'), ('entry.corrected', 'entry corrected'), ('entry.suspended', 'entry suspended'), ('entry.reinstated', 'entry reinstated'), ('entry.excluded', 'entry excluded'), ('manufacturer.applied', 'admission requested'), ('manufacturer.admitted', 'manufacturer admitted'), ('manufacturer.refused', 'admission refused'), ('manufacturer.corrected', 'manufacturer data corrected')], db_index=True, max_length=40, verbose_name='action')),
                ('from_state', models.CharField(blank=True, max_length=20, verbose_name='from')),
                ('to_state', models.CharField(blank=True, max_length=20, verbose_name='to')),
                ('comment', models.TextField(blank=True, verbose_name='comment')),
                ('data', models.JSONField(blank=True, default=dict, verbose_name='details')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='who')),
                ('application', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='decisions', to='registry.application', verbose_name='application')),
                ('manufacturer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='decisions', to='manufacturers.manufacturer', verbose_name='manufacturer')),
                ('product', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='decisions', to='products.product', verbose_name='register entry')),
            ],
            options={
                'verbose_name': 'decision',
                'verbose_name_plural': 'decision log',
                'ordering': ['-occurred_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalApplication',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('kind', models.CharField(choices=[('include', 'inclusion of a new product'), ('amend', 'amendment of an entry'), ('withdraw', 'withdrawal of an entry')], max_length=10, verbose_name='kind')),
                ('state', models.CharField(choices=[('draft', 'draft'), ('submitted', 'submitted'), ('under_review', 'under review'), ('changes_requested', 'changes requested'), ('approved', 'approved'), ('rejected', 'rejected'), ('withdrawn', 'withdrawn')], default='draft', max_length=20, verbose_name='state')),
                ('proposal', models.JSONField(blank=True, default=dict, verbose_name='proposed data')),
                ('base', models.JSONField(blank=True, null=True, verbose_name='entry when the application was started')),
                ('note', models.TextField(blank=True, help_text='What the application asks for and why; for a withdrawal, the reason.', verbose_name='covering note')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created at')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted at')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('assigned_to', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='registrar')),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('manufacturer', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='manufacturers.manufacturer', verbose_name='manufacturer')),
                ('product', models.ForeignKey(blank=True, db_constraint=False, help_text='The entry amended or withdrawn; for an inclusion, the entry it created.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='products.product', verbose_name='register entry')),
            ],
            options={
                'verbose_name': 'historical application',
                'verbose_name_plural': 'historical applications',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalApplicationDocument',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('kind', models.CharField(choices=[('datasheet', 'datasheet'), ('origin_certificate', 'certificate of origin'), ('test_report', 'test report')], max_length=20, verbose_name='kind')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('file', models.TextField(max_length=200, validators=[products.uploads.validate_document_file], verbose_name='file')),
                ('content_type', models.CharField(editable=False, max_length=50, verbose_name='content type')),
                ('sha256', models.CharField(db_index=True, editable=False, max_length=64, verbose_name='SHA-256')),
                ('size', models.PositiveBigIntegerField(editable=False, verbose_name='size, bytes')),
                ('original_name', models.CharField(blank=True, editable=False, max_length=255, verbose_name='original file name')),
                ('uploaded_at', models.DateTimeField(blank=True, editable=False, verbose_name='uploaded at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('application', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.application', verbose_name='application')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('uploaded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
            ],
            options={
                'verbose_name': 'historical document of an application',
                'verbose_name_plural': 'historical documents of applications',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='RegistryCounter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('prefix', models.CharField(max_length=10, verbose_name='prefix')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('last_number', models.PositiveIntegerField(default=0, verbose_name='last number issued')),
            ],
            options={
                'verbose_name': 'registry number counter',
                'verbose_name_plural': 'registry number counters',
                'constraints': [models.UniqueConstraint(fields=('prefix', 'year'), name='registry_counter_unique')],
            },
        ),
        migrations.CreateModel(
            name='WebhookSubscription',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('url', models.URLField(help_text='Where the events are sent (https).', max_length=500, verbose_name='address')),
                ('secret', models.CharField(editable=False, max_length=128, verbose_name='signing secret')),
                ('kinds', models.JSONField(blank=True, default=list, help_text='Empty: every kind.', verbose_name='kinds of events')),
                ('active', models.BooleanField(default=True, verbose_name='active')),
                ('cursor', models.BigIntegerField(default=0, verbose_name='last event delivered')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='failed attempts at the next event')),
                ('retry_at', models.DateTimeField(blank=True, null=True, verbose_name='next attempt at')),
                ('failed_at', models.DateTimeField(blank=True, null=True, verbose_name='stopped after failing at')),
                ('claimed_until', models.DateTimeField(blank=True, editable=False, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='webhooks', to=settings.AUTH_USER_MODEL, verbose_name='owner')),
            ],
            options={
                'verbose_name': 'webhook subscription',
                'verbose_name_plural': 'webhook subscriptions',
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='WebhookDelivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('attempt', models.PositiveSmallIntegerField(verbose_name='attempt')),
                ('attempted_at', models.DateTimeField(verbose_name='attempted at')),
                ('outcome', models.CharField(choices=[('succeeded', 'delivered'), ('retrying', 'failed, to be retried'), ('failed', 'failed, given up')], max_length=10, verbose_name='outcome')),
                ('status_code', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='HTTP status')),
                ('duration_ms', models.PositiveIntegerField(blank=True, null=True, verbose_name='duration, ms')),
                ('error', models.CharField(blank=True, max_length=300, verbose_name='error')),
                ('next_attempt_at', models.DateTimeField(blank=True, null=True, verbose_name='next attempt at')),
                ('event', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.changeevent', verbose_name='event')),
                ('subscription', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='registry.webhooksubscription', verbose_name='subscription')),
            ],
            options={
                'verbose_name': 'webhook delivery',
                'verbose_name_plural': 'webhook deliveries',
                'ordering': ['-pk'],
            },
        ),
        migrations.CreateModel(
            name='ApiToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='What the token is for, e.g. the system that uses it.', max_length=100, verbose_name='name')),
                ('prefix', models.CharField(editable=False, help_text='The start of the token, to recognise it.', max_length=16, unique=True, verbose_name='prefix')),
                ('digest', models.CharField(editable=False, max_length=64, verbose_name='SHA-256 of the token')),
                ('scope', models.CharField(choices=[('manufacturers', 'acts for manufacturers'), ('registrar', 'acts as a registrar')], max_length=20, verbose_name='scope')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('expires_at', models.DateTimeField(verbose_name='expires at')),
                ('last_used_at', models.DateTimeField(blank=True, null=True, verbose_name='last used at')),
                ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='revoked at')),
                ('manufacturers', models.ManyToManyField(blank=True, help_text='Those the token acts for.', related_name='+', to='manufacturers.manufacturer', verbose_name='manufacturers')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to=settings.AUTH_USER_MODEL, verbose_name='owner')),
            ],
            options={
                'verbose_name': 'API token',
                'verbose_name_plural': 'API tokens',
                'ordering': ['-created_at', '-pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('scope__in', ['manufacturers', 'registrar'])), name='api_token_scope_valid')],
            },
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['state', 'submitted_at'], name='application_queue_idx'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['manufacturer', 'state'], name='application_maker_idx'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['assigned_to', 'state'], name='application_assignee_idx'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['include', 'amend', 'withdraw'])), name='application_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(('state__in', ['draft', 'submitted', 'under_review', 'changes_requested', 'approved', 'rejected', 'withdrawn'])), name='application_state_valid'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'include'), models.Q(('product__isnull', True), ('state', 'approved'), _connector='OR')), models.Q(models.Q(('kind', 'include'), _negated=True), ('product__isnull', False)), _connector='OR'), name='application_product_matches_kind'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.UniqueConstraint(condition=models.Q(('state__in', ('draft', 'submitted', 'under_review', 'changes_requested'))), fields=('product',), name='application_one_open_per_entry', violation_error_message='This entry already has an application in progress.'),
        ),
        migrations.AddConstraint(
            model_name='applicationdocument',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['datasheet', 'origin_certificate', 'test_report'])), name='application_document_kind_valid'),
        ),
        migrations.AddIndex(
            model_name='changeevent',
            index=models.Index(fields=['product', 'id'], name='changeevent_product_idx'),
        ),
        migrations.AddIndex(
            model_name='changeevent',
            index=models.Index(fields=['manufacturer', 'id'], name='changeevent_maker_idx'),
        ),
        migrations.AddIndex(
            model_name='webhooksubscription',
            index=models.Index(fields=['active', 'cursor'], name='webhook_active_idx'),
        ),
        migrations.AddIndex(
            model_name='webhookdelivery',
            index=models.Index(fields=['subscription', '-id'], name='webhook_delivery_idx'),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
