from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0003_recipient_side')]

    initial = False

    operations = [
        ops.AddField(
            model_name='ConsentMovement',
            name='late',
            field=fields.BooleanField(default=False, db_default=False),
        ),
    ]
