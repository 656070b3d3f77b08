# The comment board from the PythonAnywhere Flask tutorials: comments stored in MySQL with Flask-SQLAlchemy,
# users who log in with Flask-Login, and the database's structure managed by Flask-Migrate.
import configparser
import os
import re
from datetime import datetime
from urllib.parse import quote_plus

import click
from flask import Flask, redirect, render_template, request, url_for
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user, logout_user
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from werkzeug.security import check_password_hash, generate_password_hash

app = Flask(__name__)


def database_uri():
    """The MySQL credentials live in ~/.my.cnf (the Databases tab writes it), not in the code."""
    mycnf = configparser.RawConfigParser()
    mycnf.read(os.path.expanduser("~/.my.cnf"))
    client = mycnf["client"]
    password = client["password"]
    if len(password) >= 2 and password[0] == password[-1] and password[0] in "\"'":
        password = re.sub(r"\\(.)", r"\1", password[1:-1])
    return "mysql+pymysql://{username}:{password}@{hostname}/{databasename}?charset=utf8mb4".format(
        username=client["user"],
        password=quote_plus(password),
        hostname=client.get("host", "mysql.panel.internal"),
        databasename=client["user"] + "$comments",
    )


app.config["SQLALCHEMY_DATABASE_URI"] = database_uri()
app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_recycle": 299}
app.config["SQLALCHEMY_TRACK_MODIFICATIONS"] = False
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".secret_key")) as secret:
    app.secret_key = secret.read().strip()

db = SQLAlchemy(app)
migrate = Migrate(app, db)

login_manager = LoginManager()
login_manager.init_app(app)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(128))
    password_hash = db.Column(db.String(128))

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    def get_id(self):
        return self.username


@login_manager.user_loader
def load_user(user_id):
    return User.query.filter_by(username=user_id).first()


class Comment(db.Model):
    __tablename__ = "comments"

    id = db.Column(db.Integer, primary_key=True)
    content = db.Column(db.String(4096))
    posted = db.Column(db.DateTime, default=datetime.now)
    commenter_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    commenter = db.relationship("User", foreign_keys=commenter_id)


@app.route("/", methods=["GET", "POST"])
def index():
    if request.method == "GET":
        return render_template("main_page.html", comments=Comment.query.all())

    if not current_user.is_authenticated:
        return redirect(url_for("index"))

    comment = Comment(content=request.form["contents"], commenter=current_user)
    db.session.add(comment)
    db.session.commit()
    return redirect(url_for("index"))


@app.route("/login/", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render_template("login_page.html", error=False)

    user = load_user(request.form["username"])
    if user is None or not user.check_password(request.form["password"]):
        return render_template("login_page.html", error=True)

    login_user(user)
    return redirect(url_for("index"))


@app.route("/logout/")
@login_required
def logout():
    logout_user()
    return redirect(url_for("index"))


@app.cli.command("create-user")
@click.argument("username")
@click.password_option(envvar="COMMENT_BOARD_PASSWORD")
def create_user(username, password):
    """Adds a user who can log in and post comments."""
    if load_user(username) is not None:
        raise click.ClickException("There is already a user called %s." % username)
    db.session.add(User(username=username, password_hash=generate_password_hash(password)))
    db.session.commit()
    click.echo("Added the user %s." % username)
